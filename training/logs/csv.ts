/**
 * A forgiving CSV record reader for chat logs. Unlike papaparse (which training/io/table.ts
 * uses for FAQ files and which swallows the rest of the file into one field after an unclosed
 * quote), a broken record here costs only its own line: it is reported with its row number and
 * reading resumes on the next line. It is also a generator, so a 200k-row file is never held as
 * an array of rows.
 */

export interface CsvRecord {
  cells: string[];
  /** Record number as Excel counts rows (header = 1, blank lines count). */
  row: number;
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Set when the record is malformed; `cells` is then empty. */
  error?: string;
  /** The raw text of a malformed record's first line. */
  raw?: string;
  /** Character offset just after the record, for progress. */
  end: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** "," or "\t", whichever the first non-blank line uses more (outside quotes). */
export function sniffDelimiter(text: string): "," | "\t" {
  const start = text.search(/\S/);
  const endIdx = text.indexOf("\n", Math.max(0, start));
  const first = text.slice(Math.max(0, start), endIdx < 0 ? text.length : endIdx).replace(/"[^"]*"/g, "");
  const tabs = first.split("\t").length - 1;
  const commas = first.split(",").length - 1;
  return tabs > commas ? "\t" : ",";
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf("\n", from);
  return i < 0 ? text.length : i + 1;
}

export function* readCsvRecords(text: string, delimiter: "," | "\t" = ","): Generator<CsvRecord> {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let pos = 0;
  let row = 0;
  let line = 1;
  while (pos < n) {
    row++;
    const startPos = pos;
    const startLine = line;
    const cells: string[] = [];
    let i = pos;
    let error: string | undefined;
    let done = false;
    while (!done) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let field = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            error = "unclosed quote";
            break;
          }
          field += text.slice(j, q);
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            field += '"';
            j = q + 2;
            continue;
          }
          const after = q + 1 < n ? text.charCodeAt(q + 1) : -1;
          if (after === delim) {
            i = q + 2;
          } else if (after === -1 || after === LF || after === CR) {
            i = q + 1;
            done = true;
          } else {
            // The quote we found closes some later field, or the row mixes quoted and bare text.
            error = "unclosed quote or text after a closing quote";
          }
          break;
        }
        if (error) break;
        cells.push(field);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        cells.push(text.slice(i, j));
        if (j < n && text.charCodeAt(j) === delim) {
          i = j + 1;
        } else {
          i = j;
          done = true;
        }
      }
    }
    if (error) {
      const next = lineEnd(text, startPos);
      const raw = text.slice(startPos, next).replace(/\r?\n$/, "");
      pos = next;
      line = startLine + 1;
      yield { cells: [], row, line: startLine, error, raw: raw.length > 120 ? raw.slice(0, 120) + "…" : raw, end: pos };
      continue;
    }
    // Consume the line break that ended the record, and count the breaks inside quoted fields.
    if (i < n && text.charCodeAt(i) === CR) i++;
    if (i < n && text.charCodeAt(i) === LF) i++;
    for (let k = startPos; k < i; k++) if (text.charCodeAt(k) === LF) line++;
    pos = i;
    yield { cells, row, line: startLine, end: pos };
  }
}
