/** The parts of libmime 5 (no bundled types; installed with nodemailer and mailauth) that the processors use. */
declare module "libmime" {
  interface Libmime {
    /** `text/plain; charset=utf-8` → `{ value: "text/plain", params: { charset: "utf-8" } }`, RFC 2231 continuations joined. */
    parseHeaderValue(value: string): { value: string; params: Record<string, string> };
    /** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`) into a string. */
    decodeWords(value: string): string;
  }
  const libmime: Libmime;
  export default libmime;
}
