import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ModelProvider } from "../../providers/port.js";
import { ModelCatalogue } from "../catalogue.js";
import type { CatalogueModel } from "../catalogue.js";
import { placeInside, splitProfileId } from "./geography.js";
import type { Geography } from "./geography.js";
import { SystemProfiles } from "./system-profiles.js";
import type { CrossRegion } from "./system-profiles.js";
import { catalogueModel } from "../catalogue.fixture.js";

describe("which processing places lie inside which geography", () => {
  const table: [place: string, geography: Geography, inside: boolean][] = [
    ["us-east-1", "us", true], ["us-west-2", "us", true], ["us-east-1", "eu", false], ["us-gov-west-1", "us", false],
    ["us-gov-west-1", "us-gov", true], ["us-east-1", "us-gov", false],
    ["eu-west-2", "eu", true], ["eu-central-1", "eu", true], ["eu-west-2", "us", false], ["eu-west-2", "apac", false],
    ["ap-northeast-1", "jp", true], ["ap-northeast-1", "apac", true], ["ap-northeast-2", "jp", false], ["ap-northeast-2", "apac", true],
    ["ap-southeast-2", "au", true], ["ap-southeast-4", "au", true], ["ap-southeast-1", "au", false],
    ["ca-central-1", "us", false], ["sa-east-1", "global", true], ["ca-central-1", "global", true],
    // Jurisdictions: inside only the geographies that contain all of them.
    ["eu", "eu", true], ["eu", "us", false], ["us", "us", true], ["us", "us-gov", false], ["jp", "apac", true], ["jp", "jp", true],
    ["apac", "jp", false], ["au", "apac", true], ["au", "jp", false], ["apac", "apac", true],
    // An unknown name is inside global alone, never a geography it might not honour.
    ["uk", "eu", false], ["uk", "global", true], ["local", "us", false], ["eu-west-9x", "eu", false],
  ];
  for (const [place, geography, inside] of table) {
    it(`${place} ${inside ? "is" : "is not"} inside ${geography}`, () => assert.equal(placeInside(place, geography), inside));
  }

  it("a profile id splits into its geography and model id; anything else is no profile id", () => {
    assert.deepEqual(splitProfileId("us-gov.anthropic.claude-v2"), { geography: "us-gov", modelId: "anthropic.claude-v2" });
    assert.deepEqual(splitProfileId("global.anthropic.claude-sonnet-4-6"), { geography: "global", modelId: "anthropic.claude-sonnet-4-6" });
    for (const id of ["anthropic.claude-v2", "ca.meta.llama", "us.", ".us.x", "US.anthropic.x", "eu"]) assert.equal(splitProfileId(id), undefined, id);
  });
});

const none = {} as ModelProvider;
function model(modelId: string, processingRegion: string): CatalogueModel {
  return catalogueModel(modelId, { upstreamModel: "m", processingRegion });
}

describe("the system profiles a deployment offers, and the owner's cross-region opt-in", () => {
  const catalogue = new ModelCatalogue([
    model("a.here", "eu-west-2"), model("a.ireland", "eu-west-1"), model("a.eu", "eu"), model("a.virginia", "us-east-1"), model("a.somewhere", "uk"),
  ], new Map([["p", none]]));

  // [deployment region, crossRegion, profile id, outcome]: "ok", "404" (absent here) or "400" (the owner's setting refuses it)
  const table: [string, CrossRegion, string, "ok" | "404" | "400"][] = [
    ["eu-west-2", "none", "eu.a.here", "ok"],
    ["eu-west-2", "none", "global.a.here", "ok"],
    ["eu-west-2", "none", "us.a.here", "404"],
    ["eu-west-2", "none", "apac.a.here", "404"],
    ["eu-west-2", "none", "eu.a.ireland", "400"],
    ["eu-west-2", "geography", "eu.a.ireland", "ok"],
    ["eu-west-2", "geography", "global.a.ireland", "ok"],
    ["eu-west-2", "none", "eu.a.eu", "400"],
    ["eu-west-2", "geography", "eu.a.eu", "ok"],
    ["eu-west-2", "none", "eu.a.virginia", "404"],
    ["eu-west-2", "global", "eu.a.virginia", "404"],
    ["eu-west-2", "none", "global.a.virginia", "400"],
    ["eu-west-2", "geography", "global.a.virginia", "400"],
    ["eu-west-2", "global", "global.a.virginia", "ok"],
    ["eu-west-2", "geography", "global.a.somewhere", "400"],
    ["eu-west-2", "global", "global.a.somewhere", "ok"],
    ["us-east-1", "none", "us.a.virginia", "ok"],
    ["us-east-1", "none", "eu.a.here", "404"],
    ["us-east-1", "global", "eu.a.here", "404"],
    ["us-east-1", "global", "global.a.here", "ok"],
    ["us-east-1", "none", "global.a.here", "400"],
  ];
  for (const [region, crossRegion, id, outcome] of table) {
    it(`in ${region} with crossRegion ${crossRegion}: ${id} -> ${outcome}`, () => {
      const profiles = new SystemProfiles(catalogue, region, crossRegion);
      const found = profiles.find(id);
      assert.ok(found, "the id names a profile of a catalogue model");
      const got = found.problem === undefined ? "ok" : found.problem.kind === "not-found" ? "404" : "400";
      assert.equal(got, outcome, found.problem?.message);
      assert.equal(profiles.list().some((p) => p.id === id), outcome === "ok", "listed exactly when usable");
    });
  }

  it("an id whose model is not in the catalogue names no profile", () => {
    assert.equal(new SystemProfiles(catalogue, "eu-west-2", "global").find("eu.nope.model"), undefined);
  });

  it("a refusal says why and what to do, naming the setting", () => {
    const problem = new SystemProfiles(catalogue, "eu-west-2", "none").find("global.a.virginia")?.problem;
    assert.match(problem?.message ?? "", /outside eu-west-2.*processed in us-east-1.*inference\.crossRegion is none/);
  });

  it("a call through a profile is authorised on the model here, the model where it is processed, and for global. the region-less model", () => {
    const profiles = new SystemProfiles(catalogue, "eu-west-2", "global");
    assert.deepEqual(profiles.foundationModelArns(profiles.find("global.a.virginia")!.profile), [
      "arn:aws:bedrock:eu-west-2::foundation-model/a.virginia", "arn:aws:bedrock:us-east-1::foundation-model/a.virginia", "arn:aws:bedrock:::foundation-model/a.virginia",
    ]);
    assert.deepEqual(profiles.foundationModelArns(profiles.find("eu.a.here")!.profile), ["arn:aws:bedrock:eu-west-2::foundation-model/a.here"]);
  });
});
