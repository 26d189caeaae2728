/**
 * Page models (charts rendered to SVG and all) built from one report's data, kept as long as
 * that data object is: ReportCache hands out the same object until the data changes, and the
 * charts of 2,000 units take longer to draw than everything else on a warm request.
 */
const models = new WeakMap<object, Map<string, Promise<unknown>>>();

export function memoPage<T>(data: object, key: string, build: () => Promise<T>): Promise<T> {
  let byKey = models.get(data);
  if (byKey === undefined) {
    byKey = new Map();
    models.set(data, byKey);
  }
  let model = byKey.get(key) as Promise<T> | undefined;
  if (model === undefined) {
    model = build();
    byKey.set(key, model);
    model.catch(() => byKey.delete(key));
  }
  return model;
}
