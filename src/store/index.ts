export { openStore, STORE_FILE, StoreError } from './store.ts';
export type { CityRecord, CityScores, LinkRecord, OpenStoreOptions, RunInfo, RunStatus, Store, StoredApp, StoredCity } from './store.ts';
export { computeHistory, transition } from './history.ts';
export { SCHEMA_VERSION } from './schema.ts';
