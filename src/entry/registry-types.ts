/**
 * The one list of public functions. The build turns it into top-level Apps Script wrappers with
 * JSDoc, the README function table and the Help text reads it, so none of them can drift.
 */
export type PublicFunctionKind = 'custom-function' | 'simple-trigger' | 'menu-action' | 'trigger' | 'sidebar-call';

export interface ParamDoc {
  name: string;
  /** JSDoc type, e.g. "string", "number", "Date|string", "Array<Array<number>>|string". */
  type: string;
  description: string;
  optional: boolean;
}

export interface PublicFunctionDoc {
  name: string;
  kind: PublicFunctionKind;
  summary: string;
  params: ParamDoc[];
  /** For custom functions: the columns of the result. */
  returns?: string;
  /** Everflow functions: the columns with a network key, or 'alike' when they are `returns` (the README shows both key types). */
  networkReturns?: string;
  example?: string;
}

export interface PublicFunction extends PublicFunctionDoc {
  run: (...args: unknown[]) => unknown;
}
