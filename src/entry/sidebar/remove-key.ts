import { removeApiKey } from '../../app/sidebar/connection';
import { sidebarCall } from './sidebar-call';

export const sidebarRemoveKey = sidebarCall({ name: 'sidebarRemoveKey', summary: 'Sidebar: forgets the stored API key.' }, ({ services }) => removeApiKey(services));
