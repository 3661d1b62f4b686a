import type { ESLint } from 'eslint';

export declare const LAYERS: Record<string, { mayImport: string[]; appsScript: boolean; namesProviders: boolean }>;
export declare const APPS_SCRIPT_GLOBALS: Set<string>;
export declare const plugin: ESLint.Plugin;
