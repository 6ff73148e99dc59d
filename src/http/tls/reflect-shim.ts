/**
 * @peculiar/x509 resolves its algorithm classes through tsyringe, which refuses to load unless
 * a Reflect metadata API exists (its README: "install a polyfill and import it first").
 * No polyfill package is among plinth's dependencies, so this installs the four functions
 * tsyringe calls, backed by a WeakMap, and only when no polyfill is present. Process-wide by
 * nature, like any polyfill; it holds nothing but decorator metadata.
 * Replace with `import "reflect-metadata"` if that package is ever added.
 */
type Target = object;
type MetadataApi = {
  defineMetadata(key: unknown, value: unknown, target: Target, property?: PropertyKey): void;
  getOwnMetadata(key: unknown, target: Target, property?: PropertyKey): unknown;
  getMetadata(key: unknown, target: Target, property?: PropertyKey): unknown;
  hasOwnMetadata(key: unknown, target: Target, property?: PropertyKey): boolean;
};

const reflect = Reflect as unknown as Partial<MetadataApi>;

if (typeof reflect.getMetadata !== "function") {
  const store = new WeakMap<Target, Map<PropertyKey | undefined, Map<unknown, unknown>>>();
  const table = (target: Target, property: PropertyKey | undefined, create: boolean) => {
    let byProperty = store.get(target);
    if (byProperty === undefined) {
      if (!create) return undefined;
      byProperty = new Map();
      store.set(target, byProperty);
    }
    let entries = byProperty.get(property);
    if (entries === undefined && create) {
      entries = new Map();
      byProperty.set(property, entries);
    }
    return entries;
  };
  const api: MetadataApi = {
    defineMetadata: (key, value, target, property) => void table(target, property, true)?.set(key, value),
    getOwnMetadata: (key, target, property) => table(target, property, false)?.get(key),
    hasOwnMetadata: (key, target, property) => table(target, property, false)?.has(key) ?? false,
    getMetadata(key, target, property) {
      // Walks the prototype chain, as the Reflect metadata proposal specifies.
      for (let t: Target | null = target; t !== null; t = Object.getPrototypeOf(t) as Target | null) {
        if (api.hasOwnMetadata(key, t, property)) return api.getOwnMetadata(key, t, property);
      }
      return undefined;
    },
  };
  Object.assign(Reflect, api);
}

export {};
