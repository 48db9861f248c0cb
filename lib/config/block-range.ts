/** The line span of a `<tag …>` … `</tag>` block, from the parser's locations of both tag lines. */

import type { BlockNode } from "@/mta/index";

/** 1-based line numbers of the opening and closing tag lines. */
export interface LineSpan {
  start: number;
  end: number;
}

export function blockSpan(block: BlockNode): LineSpan {
  return { start: block.loc.line, end: block.endLoc.line };
}
