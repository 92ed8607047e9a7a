// The zip is checked by another reader: Python's zipfile (CRCs, names, contents), where python3 is installed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from './zip';

const python = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it.skipIf(!python)('writes a file another reader opens, with every name and byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exemplar-zip-'));
    try {
      const files = [
        { name: 'report.md', bytes: new TextEncoder().encode('# Prototypes φ π\n') },
        { name: 'report-charts/01-trace.svg', bytes: new TextEncoder().encode('<svg/>') },
        { name: 'empty.txt', bytes: new Uint8Array(0) },
      ];
      writeFileSync(join(dir, 'r.zip'), zip(files));
      const listed = execFileSync('python3', ['-c', 'import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))', join(dir, 'r.zip')], { encoding: 'utf8' });
      expect(JSON.parse(listed)).toEqual({ 'report.md': '# Prototypes φ π\n', 'report-charts/01-trace.svg': '<svg/>', 'empty.txt': '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
