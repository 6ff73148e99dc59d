import { awsJson } from "../protocols/aws-json.js";
import type { Protocol } from "../protocols/protocol.js";

export const CLOUDTRAIL_TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

/** CloudTrail's exception names (botocore cloudtrail 2013-11-01) for the reasons the trail reader raises. */
const REASONS: Readonly<Record<string, string>> = {
  "invalid-lookup-attributes": "InvalidLookupAttributesException",
  "invalid-time-range": "InvalidTimeRangeException",
  "invalid-max-results": "InvalidMaxResultsException",
  "invalid-next-token": "InvalidNextTokenException",
  "invalid-event-category": "InvalidEventCategoryException",
};

export const cloudTrailProtocol: Protocol = awsJson({
  targetPrefix: CLOUDTRAIL_TARGET_PREFIX,
  // botocore (the CLI, boto3) sends the model's full prefix; the AWS SDK for JS v3 the shape name alone.
  otherTargetPrefixes: ["CloudTrail_20131101"],
  codes: { "validation": { code: "InvalidParameterException", status: 400 }, "unknown-operation": { code: "UnsupportedOperationException", status: 400 } },
  reasons: REASONS,
});
