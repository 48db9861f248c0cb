/**
 * Reading and removing header fields of a message's header section (RFC 5322 §2.2: a field is a
 * line `Name: value` plus any folded continuation lines starting with space or tab). Used for the
 * control headers PowerMTA reads at reception (X-Virtual-MTA, X-Job) and strips unless retained.
 */

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value, trimmed. */
  value: string;
}

/** Splits a header section (CRLF line endings, no empty line) into its fields. */
function splitFields(section: string): string[] {
  const fields: string[] = [];
  for (const line of section.split("\r\n")) {
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && fields.length > 0) fields[fields.length - 1] += "\r\n" + line;
    else fields.push(line);
  }
  return fields;
}

export function parseFields(section: string): HeaderField[] {
  const out: HeaderField[] = [];
  for (const raw of splitFields(section)) {
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    out.push({ name: raw.slice(0, colon).trim().toLowerCase(), value: raw.slice(colon + 1).replace(/\r\n[ \t]+/g, " ").trim() });
  }
  return out;
}

/** The first value of field `name` (case-insensitive), if present. */
export function fieldValue(fields: readonly HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name === lower)?.value;
}

/** The header section without the fields named in `names` (lower-case), folded lines included. */
export function removeFields(section: string, names: ReadonlySet<string>): string {
  if (names.size === 0) return section;
  return removeFieldsWhere(section, (name) => names.has(name));
}

/** The header section without the fields `drop` picks (given the lower-cased name and unfolded value). */
export function removeFieldsWhere(section: string, drop: (name: string, value: string) => boolean): string {
  const kept = splitFields(section).filter((raw) => {
    const colon = raw.indexOf(":");
    return colon <= 0 || !drop(raw.slice(0, colon).trim().toLowerCase(), raw.slice(colon + 1).replace(/\r\n[ \t]+/g, " ").trim());
  });
  return kept.length === 0 ? "" : kept.join("\r\n") + "\r\n";
}
