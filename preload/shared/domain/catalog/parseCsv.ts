import { DomainError } from '../DomainError';

/**
 * RFC 4180 CSV as exported by spreadsheets and the national procedure database: optional UTF-8
 * BOM, comma or semicolon separator (whichever the header line uses outside quotes), quoted fields
 * with doubled quotes, CRLF/LF/CR line ends, quoted line breaks. An unterminated quote is refused
 * with a Vietnamese message naming the line, rather than silently swallowing the rest of the file.
 */
export function parseCsv(text: string, separator?: ',' | ';' | '\t'): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const sep = separator ?? detectSeparator(input);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let quoteLine = 1;
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n' || (char === '\r' && input[i + 1] !== '\n')) line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (char === sep) {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      line += 1;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new DomainError('invalid-csv', `Tệp CSV lỗi: dấu ngoặc kép mở ở dòng ${quoteLine} không được đóng.`);
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function detectSeparator(text: string): ',' | ';' | '\t' {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === '\t') tabs += 1;
  }
  if (tabs > commas && tabs > semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** Writes rows as CSV (quoting only where needed); the inverse of {@link parseCsv}. */
export function formatCsv(rows: readonly (readonly string[])[], separator: ',' | ';' = ','): string {
  return rows
    .map((row) => row.map((field) => (/["\r\n,;\t]/.test(field) || field === '' && row.length === 1 ? `"${field.replaceAll('"', '""')}"` : field)).join(separator))
    .join('\r\n');
}
