/**
 * String literals: reading the text between the quotes, and writing a value back as a literal.
 *
 * Only `\"` and `\\` are escapes; any other backslash stays as written, so regular expressions
 * read as in RE2 (`"^/v\d+"`). `quoteString(unescapeString(body))` gives back an equivalent
 * literal for every value, which the formatter relies on.
 */

export function unescapeString(body: string): string {
  return body.includes('\\') ? body.replace(/\\(["\\])/g, '$1') : body;
}

export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') out += '\\"';
    else if (c === '\\') {
      // A backslash before a quote, a backslash or the end must be doubled to read back the same.
      const after = value[i + 1];
      out += after === undefined || after === '"' || after === '\\' ? '\\\\' : '\\';
    } else out += c;
  }
  return out + '"';
}
