import { customFunctions } from './custom-functions';
import { menuFunctions } from './menu';
import { reportFunctions } from './reports';
import { openSidebar, sidebarFunctions } from './sidebar';
import type { PublicFunction, PublicFunctionDoc } from './registry-types';

export const publicFunctions: PublicFunction[] = [...customFunctions, ...menuFunctions, ...reportFunctions, ...sidebarFunctions, openSidebar];

/** What the build reads back: metadata only, serialisable. */
export const registryDocs: PublicFunctionDoc[] = publicFunctions.map(({ name, kind, summary, params, returns, networkReturns, example }) => ({
  name,
  kind,
  summary,
  params,
  ...(returns === undefined ? {} : { returns }),
  ...(networkReturns === undefined ? {} : { networkReturns }),
  ...(example === undefined ? {} : { example }),
}));
