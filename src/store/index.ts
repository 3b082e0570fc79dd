export { openStore, KyselyStore } from './store.ts';
export { StoreError } from './types.ts';
export type { CityClaim, CityRecord, CityScores, LinkRecord, OpenStoreOptions, RunInfo, RunStatus, Store, StoredApp, StoredCity } from './types.ts';
export { STORE_FILE, storeLocation, isPostgresUrl, redactUrl, type StoreLocation } from './location.ts';
export { computeHistory, transition } from './history.ts';
export { SCHEMA_VERSION } from './schema.ts';
