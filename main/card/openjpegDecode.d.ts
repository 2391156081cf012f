/** Types of the decode-only asm.js build of OpenJPEG shipped by @cornerstonejs/codec-openjpeg. */
declare module '@cornerstonejs/codec-openjpeg/decode' {
  export interface J2KFrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }
  export interface J2KDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): J2KFrameInfo;
    getDecodedBuffer(): Uint8Array;
    delete?(): void;
  }
  export interface OpenJpegModule {
    J2KDecoder: new () => J2KDecoder;
  }
  export default function createOpenJpeg(options?: { print?: (text: string) => void; printErr?: (text: string) => void }): Promise<OpenJpegModule>;
}
