import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import { setting } from "./report.js";

/**
 * The AI SDK's Bedrock provider as its README configures it against plinth, from the settings
 * the test passes: `baseURL`, `region`, and SigV4 keys (AUTH=sigv4) or a Bedrock API key
 * (AUTH=apikey). Shared by the plain and the guarded scripts so both drive one configuration.
 */
export function bedrockProvider(): ReturnType<typeof createAmazonBedrock> {
  return createAmazonBedrock({
    baseURL: setting("PLINTH_URL"),
    region: setting("AWS_REGION"),
    ...(setting("AUTH") === "apikey"
      ? { apiKey: setting("BEDROCK_API_KEY") }
      : { accessKeyId: setting("AWS_ACCESS_KEY_ID"), secretAccessKey: setting("AWS_SECRET_ACCESS_KEY") }),
  });
}
