// Public entry point of the Bitrix24 sandbox: one emulated cloud portal per instance.

export type { AppCredentials, InstallResult } from './control-routes.ts';
export type { BitrixKnobs, BitrixSandboxOptions } from './options.ts';
export { DEFAULT_KNOBS } from './options.ts';
export type { BitrixSandbox } from './sandbox.ts';
export { startBitrixSandbox } from './sandbox.ts';
export type { BitrixStateView } from './state-view.ts';
export type { BitrixStats } from './stats.ts';
export type { BitrixUi, UiDealInput, UiRow } from './ui.ts';
