/**
 * The syntax tree of a PowerMTA-style config file. Generic on purpose: the parser knows nothing about
 * which tags or directives exist (that is `vocabulary.ts`), so every block PowerMTA has can be added
 * later without touching the parser.
 */

import type { SourceLocation } from "./types";

/** One whitespace-separated word of a directive's value; quotes are removed, `quoted` remembers them. */
export interface Word {
  text: string;
  col: number;
  quoted: boolean;
}

/** `name rest-of-line` */
export interface DirectiveNode {
  type: "directive";
  /**
   * Lower-cased keyword. For an entry that starts with a regex (`<bounce-category-patterns>`), the whole
   * `/REGEX/` as written, case and spaces kept (lexer.ts).
   */
  name: string;
  /**
   * The rest of the line, trimmed, without the comment. When the whole value is one quoted string the
   * quotes are removed (`smtp-hosts ""` has value "" and quoted true).
   */
  value: string;
  quoted: boolean;
  words: Word[];
  loc: SourceLocation;
  /** Where `value` starts (inside the quotes when quoted); for a missing value, the end of the name. */
  valueLoc: SourceLocation;
}

/** `<tag [arg]>` … `</tag>` */
export interface BlockNode {
  type: "block";
  /** Lower-cased tag name. */
  tag: string;
  /** Everything between the tag name and `>`, trimmed; "" when absent. */
  arg: string;
  loc: SourceLocation;
  argLoc: SourceLocation;
  /**
   * Where the closing `</tag>` is (same file as `loc`), so an editor can replace lines
   * `loc.line`..`endLoc.line` exactly. For a tag that is never closed (a parse error), the last line of
   * the file; for one closed implicitly by an outer closing tag, that tag's line.
   */
  endLoc: SourceLocation;
  children: ConfigNode[];
}

export type ConfigNode = DirectiveNode | BlockNode;
