import { Fault } from "../../kernel/index.js";
import type { KmsKeyRecord } from "../../store/index.js";
import { disabled, invalidState } from "./faults.js";
import type { KmsKeys } from "./keys.js";
import { writeNewMaterial } from "./material.js";
import type { KmsPorts } from "./ports.js";

/** KMS's rotation period bounds and default, in days. */
export const ROTATION_PERIOD = { min: 90, max: 2560, default: 365 } as const;
/** KMS allows 25 on-demand rotations per key. */
export const MAX_ON_DEMAND_ROTATIONS = 25;

export interface RotationStatus {
  readonly enabled: boolean;
  readonly periodDays?: number;
  readonly nextRotationDate?: Date;
  /** When the latest on-demand rotation was made. */
  readonly onDemandStartDate?: Date;
}

const DAY = 86_400_000;

/**
 * Rotation adds a material version and makes it current: new encryptions use it, and every
 * earlier version stays so what it encrypted still decrypts (the blob names its version).
 * Automatic rotation happens `periodDays` after the latest material was made (the sweep).
 */
export class KmsRotation {
  constructor(private readonly ports: KmsPorts, private readonly keys: KmsKeys) {}

  async enable(key: KmsKeyRecord, periodDays: number = ROTATION_PERIOD.default): Promise<void> {
    const k = this.#rotatable(await this.keys.manageable(key));
    await this.ports.store.updateKey(k.keyId, { rotationEnabled: true, rotationPeriodDays: periodDays });
  }

  async disable(key: KmsKeyRecord): Promise<void> {
    const k = this.#rotatable(await this.keys.manageable(key));
    await this.ports.store.updateKey(k.keyId, { rotationEnabled: false, rotationPeriodDays: null });
  }

  async status(key: KmsKeyRecord): Promise<RotationStatus> {
    const k = await this.keys.current(key);
    const material = await this.ports.store.listMaterial(k.keyId);
    const latest = material.at(-1);
    const onDemand = material.filter((m) => m.onDemand).at(-1);
    const period = k.rotationPeriodDays;
    return {
      enabled: k.rotationEnabled,
      ...(k.rotationEnabled && period !== undefined ? { periodDays: period } : {}),
      ...(k.rotationEnabled && period !== undefined && latest ? { nextRotationDate: new Date(latest.createdAt.getTime() + period * DAY) } : {}),
      ...(onDemand ? { onDemandStartDate: onDemand.createdAt } : {}),
    };
  }

  async rotateNow(key: KmsKeyRecord): Promise<void> {
    const k = this.#rotatable(await this.keys.manageable(key));
    const material = await this.ports.store.listMaterial(k.keyId);
    if (material.filter((m) => m.onDemand).length >= MAX_ON_DEMAND_ROTATIONS) {
      throw new Fault("service-quota-exceeded", `${k.arn} has reached the limit of ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations`);
    }
    await this.#rotate(k, true);
  }

  /** Rotates every enabled key whose period has passed since its latest material; answers how many. */
  async sweep(): Promise<number> {
    const now = this.ports.clock.now().getTime();
    let rotated = 0;
    for (const k of await this.ports.store.rotatingKeys()) {
      if (k.state !== "Enabled" || k.rotationPeriodDays === undefined) continue;
      const latest = (await this.ports.store.listMaterial(k.keyId)).at(-1);
      if (latest && latest.createdAt.getTime() + k.rotationPeriodDays * DAY <= now) {
        await this.#rotate(k, false);
        rotated++;
      }
    }
    return rotated;
  }

  async #rotate(k: KmsKeyRecord, onDemand: boolean): Promise<void> {
    const version = k.currentVersion + 1;
    const { box, store, clock } = this.ports;
    await writeNewMaterial(box, store, { keyId: k.keyId, keyArn: k.arn, version, createdAt: clock.now(), onDemand }, (material) => store.rotate(material));
  }

  #rotatable(k: KmsKeyRecord): KmsKeyRecord {
    if (k.state === "Disabled") throw disabled(k.arn);
    if (k.state !== "Enabled") throw invalidState(k.arn, k.state);
    return k;
  }
}
