// Just enough XML for S3: escaping, building, and reading the flat request
// documents S3 accepts (Delete, CompleteMultipartUpload).

export function esc(s) {
  return String(s).replace(/[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\r]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      case "'":
        return "&apos;";
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

/** el("Key", "a&b") -> <Key>a&amp;b</Key>; children may be arrays of strings (already XML) via raw(). */
export function el(name, value) {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `<${name}>${value.join("")}</${name}>`;
  if (typeof value === "object" && value.raw !== undefined) return `<${name}>${value.raw}</${name}>`;
  return `<${name}>${esc(value)}</${name}>`;
}

export const raw = (s) => ({ raw: s });

export function doc(root, children, ns = "http://s3.amazonaws.com/doc/2006-03-01/") {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns ? ` xmlns="${ns}"` : ""}>${children.join("")}</${root}>`;
}

export function unesc(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e];
  });
}

/** The text of every <name>...</name> element directly in xml (no nesting of the same name). */
export function all(xml, name) {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, "g");
  const out = [];
  let m;
  while ((m = re.exec(xml))) out.push(m[1]);
  return out;
}

export function one(xml, name) {
  const v = all(xml, name)[0];
  return v === undefined ? undefined : unesc(v.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, "$1"));
}

/** Rejects documents that are not plausibly well-formed (mismatched tags). */
export function looksWellFormed(xml) {
  const stack = [];
  const re = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g;
  let m;
  const body = xml.replace(/<\?[\s\S]*?\?>/g, "").replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "");
  while ((m = re.exec(body))) {
    if (m[3]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}
