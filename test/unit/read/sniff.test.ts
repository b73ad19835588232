import assert from 'node:assert/strict';
import { InputError } from '../../../src/model/errors';
import { readTable } from '../../../src/model/read';
import { formatFromName, resolveFormat, sniffContent } from '../../../src/model/read/sniff';
import { utf8 } from './fixtures';

describe('read/sniff', () => {
  it('maps extensions to formats', () => {
    const expected = { csv: 'csv', tsv: 'csv', txt: 'csv', parquet: 'parquet', pq: 'parquet', arrow: 'arrow', feather: 'arrow', ipc: 'arrow', json: 'json' };
    for (const [ext, format] of Object.entries(expected)) assert.equal(formatFromName(`out/run.v7/table.${ext.toUpperCase()}`), format);
    assert.equal(formatFromName('README'), undefined);
  });

  it('recognises magic bytes', () => {
    assert.equal(sniffContent(utf8('PAR1xxxxxxxxPAR1')), 'parquet');
    assert.equal(sniffContent(utf8('PAR1xxxxxxxxxxxx')), 'parquet-truncated');
    assert.equal(sniffContent(utf8('ARROW1\u0000\u0000')), 'arrow-file');
    assert.equal(sniffContent(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0])), 'arrow-stream');
    assert.equal(sniffContent(utf8('FEA1')), 'feather-v1');
    assert.equal(sniffContent(new Uint8Array([0x1f, 0x8b, 8, 0])), 'gzip');
    assert.equal(sniffContent(utf8('PK\u0003\u0004')), 'zip');
    assert.equal(sniffContent(utf8('\uFEFF  [{"a":1}]')), 'json');
    assert.equal(sniffContent(utf8('{"a":[1]}')), 'json');
    assert.equal(sniffContent(utf8('a,b\n1,2\n')), 'text');
    assert.equal(sniffContent(utf8(' \n\t')), 'empty');
    assert.equal(sniffContent(new Uint8Array(0)), 'empty');
    assert.equal(sniffContent(new Uint8Array([1, 2, 0, 4])), 'binary');
  });

  it('lets the content decide for unknown extensions', () => {
    assert.equal(resolveFormat(utf8('a,b\n1,2\n'), 'export'), 'csv');
    assert.equal(resolveFormat(utf8('PAR1xxxxxxxxPAR1'), 'download.bin'), 'parquet');
    assert.throws(() => resolveFormat(utf8('PK\u0003\u0004'), 'book.xlsx'), /book\.xlsx: cannot tell the table format/);
  });

  it('explains a gzip file posing as CSV', () => {
    assert.throws(
      () => resolveFormat(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'weights.csv'),
      (e: unknown) => e instanceof InputError && /weights\.csv: expected CSV\/TSV but the content looks like a gzip-compressed file; decompress it first/.test(e.message) && e.file === 'weights.csv',
    );
  });

  it('leaves Parquet to the engine\'s database, saying so if a host asks the model layer for it', async () => {
    await assert.rejects(readTable(utf8('PAR1\u0000\u0000\u0000\u0000PAR1'), 'w.parquet'), /w\.parquet: Parquet is read by the engine's database/);
  });
});
