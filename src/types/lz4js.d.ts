/** The part of lz4js (no types of its own) that the Arrow reader uses. */
declare module 'lz4js' {
  /** Decodes an LZ4 frame into `dst`; returns the number of bytes written. */
  export function decompressFrame(src: Uint8Array, dst: Uint8Array): number;
  /** Encodes bytes as an LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
