import type { SidebarApi, SidebarCallName } from '../../app/sidebar/api';
import type { Call } from '../../app/services';
import type { PublicFunction } from '../registry-types';
import { runExecution } from '../run';

export interface SidebarCallSpec<K extends SidebarCallName> {
  name: K;
  summary: string;
  /** What the one argument holds; absent for calls that take none. */
  input?: string;
}

/**
 * A google.script.run target: one execution whose answer is typed against the page's contract
 * (SidebarApi). The use case validates the input; any error reaches the page as its message,
 * with the API key masked (runExecution).
 */
export function sidebarCall<K extends SidebarCallName>(spec: SidebarCallSpec<K>, impl: (call: Call, input: unknown) => ReturnType<SidebarApi[K]>): PublicFunction {
  return {
    name: spec.name,
    kind: 'sidebar-call',
    summary: spec.summary,
    params: spec.input === undefined ? [] : [{ name: 'input', type: 'Object', description: spec.input, optional: false }],
    run: runExecution((call, args) => impl(call, args[0])),
  };
}
