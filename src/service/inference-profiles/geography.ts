/**
 * The geographies of Bedrock's system-defined (cross-region) inference profiles, and which
 * places lie inside each. A place is what a provider declares as its `processingRegion`: a
 * region (`eu-west-2`) or a jurisdiction (`eu`, `us`). The rule is conservative: a place is
 * inside a geography only when every region it could mean is; anything unrecognised is inside
 * `global` alone, so an unknown name never widens a residency promise.
 */
export const GEOGRAPHIES = ["us", "eu", "apac", "jp", "au", "us-gov", "global"] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

/** AWS's regions in Japan and Australia, the two national geographies carved out of `apac`. */
const JAPAN = new Set(["ap-northeast-1", "ap-northeast-3"]);
const AUSTRALIA = new Set(["ap-southeast-2", "ap-southeast-4"]);
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d+$/;

/** The geographies a region lies in (always including `global`). */
function regionGeographies(region: string): Set<Geography> {
  const out = new Set<Geography>(["global"]);
  if (region.startsWith("us-gov-")) out.add("us-gov");
  else if (region.startsWith("us-")) out.add("us");
  else if (region.startsWith("eu-")) out.add("eu");
  else if (region.startsWith("ap-")) {
    out.add("apac");
    if (JAPAN.has(region)) out.add("jp");
    if (AUSTRALIA.has(region)) out.add("au");
  }
  return out;
}

/** A jurisdiction is inside itself and the geographies that contain all of it. */
const JURISDICTIONS: Readonly<Record<string, readonly Geography[]>> = {
  us: ["us", "global"],
  "us-gov": ["us-gov", "global"],
  eu: ["eu", "global"],
  apac: ["apac", "global"],
  jp: ["jp", "apac", "global"],
  au: ["au", "apac", "global"],
};

export function isRegion(place: string): boolean {
  return REGION.test(place);
}

/** Whether data processed at `place` (a region or a jurisdiction) stays inside `geography`. */
export function placeInside(place: string, geography: Geography): boolean {
  if (geography === "global") return true;
  if (isRegion(place)) return regionGeographies(place).has(geography);
  return (JURISDICTIONS[place] ?? []).includes(geography);
}

/** The geography a profile id's prefix names (`eu.anthropic...` -> eu), and the model id after it. */
export function splitProfileId(id: string): { readonly geography: Geography; readonly modelId: string } | undefined {
  const dot = id.indexOf(".");
  if (dot <= 0) return undefined;
  const prefix = id.slice(0, dot);
  if (!(GEOGRAPHIES as readonly string[]).includes(prefix)) return undefined;
  const modelId = id.slice(dot + 1);
  return modelId === "" ? undefined : { geography: prefix as Geography, modelId };
}
