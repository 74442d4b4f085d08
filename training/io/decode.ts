/**
 * Decode uploaded text files whose encoding we are not told: UTF-8 (with or without BOM)
 * or the Chinese legacy encodings GBK / GB18030 that Excel and Qianniu exports still use.
 */
import iconv from "iconv-lite";

export type TextEncodingName = "utf-8" | "utf-8-bom" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(buf: Uint8Array) {
  return buf.length >= 3 && UTF8_BOM.every((b, i) => buf[i] === b);
}

/**
 * A strict UTF-8 decode fails on almost every GBK text with Chinese in it (GBK lead bytes
 * 0x81–0xFE followed by trail bytes rarely form valid UTF-8 sequences), so "valid UTF-8 or
 * else GB18030" is a reliable detector for the files we see. GB18030 is a superset of GBK.
 */
export function decodeText(buf: Uint8Array): DecodedText {
  if (hasUtf8Bom(buf)) {
    return { text: new TextDecoder("utf-8").decode(buf.subarray(3)), encoding: "utf-8-bom" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), "gb18030"), encoding: "gb18030" };
  }
}

export function encodeText(text: string, encoding: "utf-8" | "utf-8-bom" | "gbk" | "gb18030"): Buffer {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from(text, "utf8")]);
  return iconv.encode(text, encoding);
}
