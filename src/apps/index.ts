export { buildInventory, cityDomains, startInventory, APP_LIST_WORDS, type InventoryRun, type InventoryTarget } from './inventory.ts';
export { appStorePage, inferKind, isApplication, summariseKinds } from './kind.ts';
export {
  checkApplication, checkApplications, recheckInactive, statusForReason,
  summariseApps, type AppFetch, type LivenessContext,
} from './liveness.ts';
export { inferCategory } from './category.ts';
export { NATIONAL_PLATFORMS, nationalPlatform } from './platforms.ts';
export { appKey, isFrontPage } from './url.ts';
export type { AppEntry, AppHistory, AppResult, AppSource, AppStatus, Category } from './types.ts';
