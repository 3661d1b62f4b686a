import { connectAccount } from '../../app/sidebar/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarConnect = sidebarCall(
  { name: 'sidebarConnect', summary: 'Sidebar: saves an API key and region, kept only if Everflow accepts them.', input: '{ apiKey, region }' },
  connectAccount,
);
