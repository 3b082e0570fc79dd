// The bundled example portals: loopback server, site data and ground truth.
export { startPortalServer, type PortalServer, type PortalServerOptions, type PortalRequest, type TargetLike } from './portal-server.ts';
export { DEMO_NOW, DEFAULT_PORTALS_ROOT, PHASES, loadDemoSites, respond, type DemoApp, type DemoCity, type DemoPhase, type DemoRoute, type DemoSites } from './site.ts';
export { computeGroundTruth, demoGroundTruth, groundTruth, fromServed, type CityTruth, type LinkPair, type RedirectHop } from './ground-truth.ts';
