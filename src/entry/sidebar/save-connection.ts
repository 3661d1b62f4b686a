import { saveConnection } from '../../app/sidebar/connection';
import { affiseUserProbe } from '../../app/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarSaveConnection = sidebarCall(
  {
    name: 'sidebarSaveConnection',
    summary: 'Sidebar: adds or changes a connection (provider, name, region or host, key) and tests it; kept only if the provider accepts it.',
    input: '{ id?, provider, name, region?, host?, apiKey? }',
  },
  (call, input) => saveConnection(call, affiseUserProbe(call.services), input),
);
