// Case retrieval on a fitted BCM: the similarity (similarity.ts), the compact index and the ONNX Retriever.
export * from './types';
export { buildIndex, serializeIndex, deserializeIndex, Retriever, RETRIEVER_DEFAULTS } from './retrieval';
export type { BuildIndexInput, RetrieverOptions, RetrieverInfo } from './retrieval';
export {
  queryFromCase,
  queryFromForm,
  queryWeights,
  referenceTopK,
  explain,
  scoreCase,
  encodeCase,
  encodedDim,
  featureOffsets,
  SIMILARITY_DEFAULTS,
  PI_FEATURE_NAME,
} from './similarity';
export type { QueryWeights, TopKOptions } from './similarity';
export { valueStats, isItem } from './information';
export type { ValueStats } from './information';
export { createSession, defaultProviders, providersFromEnv } from './session';
export type { ProviderAttempt, SessionChoice, SessionOptions } from './session';
