import { describe, expect, it } from 'vitest';
import { DataType, encodeModel } from './onnx-proto';
import { createSession, defaultProviders, providersFromEnv } from './session';

const identity = encodeModel({
  graph: {
    name: 'id',
    nodes: [{ opType: 'Identity', inputs: ['X'], outputs: ['Y'] }],
    inputs: [{ name: 'X', elemType: DataType.FLOAT, dims: ['n'] }],
    outputs: [{ name: 'Y', elemType: DataType.FLOAT, dims: ['n'] }],
  },
});

describe('execution providers', () => {
  it('orders providers by platform, cuda only when its library is there', () => {
    expect(defaultProviders('linux', 'x64', false)).toEqual(['webgpu', 'cpu']);
    expect(defaultProviders('linux', 'x64', true)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(defaultProviders('linux', 'arm64', true)).toEqual(['webgpu', 'cpu']);
    expect(defaultProviders('win32', 'x64', false)).toEqual(['webgpu', 'dml', 'cpu']);
    expect(defaultProviders('darwin', 'arm64', false)).toEqual(['webgpu', 'coreml', 'cpu']);
  });

  it('reads EXEMPLAR_PROVIDERS', () => {
    expect(providersFromEnv({ EXEMPLAR_PROVIDERS: 'cpu' })).toEqual(['cpu']);
    expect(providersFromEnv({ EXEMPLAR_PROVIDERS: ' WebGPU, cpu ' })).toEqual(['webgpu', 'cpu']);
    expect(providersFromEnv({})).toBeNull();
  });

  it('falls back from webgpu to cpu and says why webgpu failed', async () => {
    const r = await createSession(identity, { providers: ['webgpu', 'cpu'] });
    if (r.provider === 'webgpu') {
      // A machine with a GPU adapter: acceptable, and recorded.
      expect(r.attempts).toEqual([{ provider: 'webgpu', ok: true }]);
    } else {
      expect(r.provider).toBe('cpu');
      expect(r.attempts[0].provider).toBe('webgpu');
      expect(r.attempts[0].ok).toBe(false);
      expect(r.attempts[0].reason).toMatch(/\w/);
      expect(r.attempts[1]).toEqual({ provider: 'cpu', ok: true });
    }
    await r.session.release();
  });

  it('skips a provider whose probe fails, and fails with every reason when none works', async () => {
    const r = await createSession(identity, {
      providers: ['cpu', 'cpu'],
      probe: (() => {
        let first = true;
        return async () => {
          if (first) {
            first = false;
            throw new Error('probe says no');
          }
        };
      })(),
    });
    expect(r.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(r.attempts[0].reason).toBe('probe says no');
    await r.session.release();
    await expect(createSession(identity, { providers: ['nosuch'] })).rejects.toThrow(/nosuch/);
  });
});
