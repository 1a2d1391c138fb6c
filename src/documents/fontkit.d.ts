/** fontkit (pdfkit's own font engine) ships no types; the documents only parse fonts once and hand them to pdfkit. */
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): object;
}
