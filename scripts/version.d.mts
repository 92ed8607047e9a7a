/** For a bundler's `define`: `__EXEMPLAR_VERSION__` and `__EXEMPLAR_BUILD__` as JSON strings. */
export declare const versionDefines: Record<'__EXEMPLAR_VERSION__' | '__EXEMPLAR_BUILD__', string>;
