/**
 * The SMART Recovery tools a facilitator may report having used at a meeting (Section 8: "ensure at
 * least one SMART tool is used at each meeting"). The names are the public names of the tools; the
 * codes are stored in meeting surveys, so a code is never renamed or reused.
 */
export const SMART_TOOLS = [
  { code: 'cost-benefit-analysis', name: 'Cost–Benefit Analysis (CBA)' },
  { code: 'change-plan', name: 'Change Plan' },
  { code: 'abc', name: 'ABC for unhelpful thoughts' },
  { code: 'disarm', name: 'DISARM (urges)' },
  { code: 'hierarchy-of-values', name: 'Hierarchy of Values' },
  { code: 'unconditional-self-acceptance', name: 'Unconditional Self-Acceptance (USA)' },
  { code: 'problem-solving', name: 'Problem Solving' },
  { code: 'role-play', name: 'Role-play and rehearsal' },
  { code: 'brainstorming', name: 'Brainstorming' },
  { code: 'urge-log', name: 'Urge Log' },
  { code: 'stages-of-change', name: 'Stages of Change' },
  { code: 'lifestyle-balance-pie', name: 'Lifestyle Balance Pie' },
] as const;

export type SmartToolCode = (typeof SMART_TOOLS)[number]['code'];

export const SMART_TOOL_CODES = SMART_TOOLS.map((t) => t.code) as [SmartToolCode, ...SmartToolCode[]];

export function isSmartTool(code: string): code is SmartToolCode {
  return (SMART_TOOL_CODES as readonly string[]).includes(code);
}

/** The tool's name for people ('abc' → 'ABC for unhelpful thoughts'); an unknown code is shown as it is. */
export function smartToolName(code: string): string {
  return SMART_TOOLS.find((t) => t.code === code)?.name ?? code;
}
