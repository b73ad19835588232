/**
 * The decompression codecs of Arrow IPC buffers: LZ4 frame and ZSTD, the two the format
 * defines. pyarrow's `write_feather` compresses with LZ4 by default, so an Arrow reader
 * without them refuses most Feather files written from Python. Pure JavaScript decoders
 * (lz4js, fzstd), so the model layer still runs anywhere.
 */
import { CompressionType, setCompressionCodec } from '@uwdata/flechette';
import { decompress as zstdDecompress } from 'fzstd';
import * as lz4 from 'lz4js';

let registered = false;

/** A codec that decodes only: the readers never write Arrow. */
function decoder(decode: (bytes: Uint8Array, length: number) => Uint8Array) {
  return {
    decode,
    encode(): Uint8Array {
      throw new Error('Glass Box reads Arrow IPC; it does not write compressed buffers');
    },
  };
}

/** Registers the codecs with flechette once per process (or worker). */
export function registerArrowCodecs(): void {
  if (registered) return;
  registered = true;
  setCompressionCodec(
    CompressionType.LZ4_FRAME,
    decoder((bytes, length) => {
      const out = new Uint8Array(length);
      const written = lz4.decompressFrame(bytes, out);
      if (written !== length) throw new Error(`an LZ4 buffer decoded to ${written} bytes where its header says ${length}`);
      return out;
    }),
  );
  setCompressionCodec(
    CompressionType.ZSTD,
    decoder((bytes, length) => {
      const out = zstdDecompress(bytes, new Uint8Array(length));
      if (out.length !== length) throw new Error(`a ZSTD buffer decoded to ${out.length} bytes where its header says ${length}`);
      return out;
    }),
  );
}
