/**
 * Decode uploaded text files whose encoding we are not told: UTF-8 (with or without BOM), the
 * Chinese legacy encodings GBK / GB18030 that Excel and Qianniu exports still use, and UTF-16
 * (Excel's "Unicode text"). Files that are not text at all (an image renamed .csv, binary junk)
 * are refused as what they are, not parsed into nonsense (issue 14 item 4).
 */
import iconv from "iconv-lite";

import { KbError } from "../errors";

export type TextEncodingName = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /**
   * Physical lines (1-based) in another encoding than the rest of the file. Their text starts
   * with U+FFFD (BAD_LINE_MARK), so that the parsers reject the row they belong to by number
   * instead of storing garbled text.
   */
  badLines: number[];
}

/** What a line that could not be decoded starts with. */
export const BAD_LINE_MARK = "\ufffd";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(buf: Uint8Array, bytes: number[]) {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

/** Well-known binary formats, by their first bytes: named in the error. */
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "PNG" },
  { bytes: [0xff, 0xd8, 0xff], what: "JPEG" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "GIF" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "PDF" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "ZIP/XLSX" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "XLS/DOC" },
  { bytes: [0x1f, 0x8b], what: "GZIP" },
];

const strict = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

function toBuffer(buf: Uint8Array) {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * UTF-16 without a BOM: NUL bytes (the high byte of ASCII characters) on one parity only, and a
 * decode that reads as text (printable ASCII, CJK, full-width forms).
 */
function utf16Without(buf: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(buf.length, 8192) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  // A CJK character whose low byte is 0 (退 U+9000) puts a rare NUL on the other parity.
  const guess = oddNul >= 2 && evenNul * 4 <= oddNul ? "utf-16le" : evenNul >= 2 && oddNul * 4 <= evenNul ? "utf-16be" : null;
  if (!guess) return null;
  const sample = iconv.decode(toBuffer(buf.subarray(0, n)), guess);
  const texty = sample.match(/[\t\n\r\x20-\x7e\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0;
  return texty / Math.max(1, sample.length) >= 0.9 ? guess : null;
}

/** Control bytes that no text file holds (tab, newlines, form feed and ESC aside). */
function looksBinary(buf: Uint8Array) {
  const n = Math.min(buf.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) bad++;
  }
  return n > 0 && bad / n > 0.1;
}

function splitLines(buf: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      lines.push(buf.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < buf.length) lines.push(buf.subarray(start));
  return lines;
}

function hasHighBytes(line: Uint8Array) {
  for (let i = 0; i < line.length; i++) if (line[i] >= 0x80) return true;
  return false;
}

function validUtf8(line: Uint8Array) {
  try {
    strict.decode(line);
    return true;
  } catch {
    return false;
  }
}

/** Multi-byte UTF-8 characters in a line: a GBK line is almost never valid UTF-8 with two of them. */
function utf8MultiByteChars(line: Uint8Array) {
  let n = 0;
  for (let i = 0; i < line.length; i++) if (line[i] >= 0xc2 && line[i] <= 0xf4) n++;
  return n;
}

/**
 * The encoding is decided line by line, by the share of lines with non-ASCII bytes that are valid
 * UTF-8 (not all-or-nothing: one stray byte must not turn a UTF-8 file into GBK). Lines that do
 * not fit the encoding the majority has are marked bad; the rest decodes normally.
 */
export function decodeText(buf: Uint8Array): DecodedText {
  if (startsWith(buf, UTF8_BOM)) {
    const d = decodeText(buf.subarray(3));
    return { ...d, encoding: d.encoding === "utf-8" ? "utf-8-bom" : d.encoding };
  }
  if (startsWith(buf, [0xff, 0xfe])) return { text: iconv.decode(toBuffer(buf.subarray(2)), "utf-16le"), encoding: "utf-16le", badLines: [] };
  if (startsWith(buf, [0xfe, 0xff])) return { text: iconv.decode(toBuffer(buf.subarray(2)), "utf-16be"), encoding: "utf-16be", badLines: [] };
  const sixteen = utf16Without(buf);
  if (sixteen) return { text: iconv.decode(toBuffer(buf), sixteen), encoding: sixteen, badLines: [] };
  const magic = MAGIC.find((m) => startsWith(buf, m.bytes));
  if (magic) throw new KbError("FILE_NOT_TEXT", { detail: magic.what });
  if (looksBinary(buf)) throw new KbError("FILE_NOT_TEXT", { detail: "binary" });

  try {
    return { text: strict.decode(buf), encoding: "utf-8", badLines: [] };
  } catch {
    // Mixed or legacy: decide by lines.
  }
  const lines = splitLines(buf);
  let valid = 0;
  let invalid = 0;
  const isValid = lines.map((l) => {
    if (!hasHighBytes(l)) return true;
    const ok = validUtf8(l);
    if (ok) valid++;
    else invalid++;
    return ok;
  });
  const utf8 = valid >= invalid;
  const badLines: number[] = [];
  const parts = lines.map((l, i) => {
    if (utf8) {
      if (isValid[i]) return strict.decode(l);
      badLines.push(i + 1);
      return BAD_LINE_MARK + lenient.decode(l);
    }
    const text = iconv.decode(toBuffer(l), "gb18030");
    if (hasHighBytes(l) && isValid[i] && utf8MultiByteChars(l) >= 2) {
      badLines.push(i + 1);
      return BAD_LINE_MARK + text;
    }
    return text;
  });
  return { text: parts.join(""), encoding: utf8 ? "utf-8" : "gb18030", badLines };
}

export function encodeText(text: string, encoding: "utf-8" | "utf-8-bom" | "gbk" | "gb18030"): Buffer {
  if (encoding === "utf-8") return Buffer.from(text, "utf8");
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from(text, "utf8")]);
  return iconv.encode(text, encoding);
}

/** decodeText for a named file: a file-level error names the file. */
export function decodeFile(buf: Uint8Array, fileName: string): DecodedText {
  try {
    return decodeText(buf);
  } catch (e) {
    if (e instanceof KbError) throw new KbError(e.code, { ...e.params, file: fileName });
    throw e;
  }
}
