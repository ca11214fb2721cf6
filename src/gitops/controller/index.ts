/** The Application controller and its pure helpers. */
export { ApplicationController, APPLICATIONS, REFRESH_ANNOTATION, type AppControllerOptions } from './controller.ts';
export { compareApp, diffOptionsOf, type CompareDeps, type Comparison, type Condition, type ResourceStatus } from './compare.ts';
export { destinationPermitted, resourcePermitted, sourcePermitted, type ProjectSpec } from './project.ts';
export { hubClusterOf, IN_CLUSTER_SERVER, resolveDestination } from './destination.ts';
export { appOf, appOfTrackingId, INSTANCE_LABEL, TRACKING_ANNOTATION, trackingId, type TrackingMethod } from './tracking.ts';
export { GITOPS_USER } from './identity.ts';
export { comparisonOf, managedItems, managedResources, managedResourcesOf, managedResourcesResponse, MANAGED_RESOURCES_KIND, MANAGED_RESOURCES_SUBRESOURCE, type ManagedResource, type ManagedResourcesResponse } from './managed.ts';
