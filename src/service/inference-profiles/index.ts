export { ApplicationProfiles, MAX_PROFILE_TAGS, notFound as profileNotFound } from "./application-profiles.js";
export type { NewProfile } from "./application-profiles.js";
export { GEOGRAPHIES, placeInside, splitProfileId } from "./geography.js";
export type { Geography } from "./geography.js";
export { InferenceProfileDirectory } from "./directory.js";
export type { InferenceProfileView, ProfilePage, ProfileTarget, ProfileType } from "./directory.js";
export { SystemProfiles, profileFault } from "./system-profiles.js";
export type { CrossRegion, ProfileProblem, SystemProfile } from "./system-profiles.js";
