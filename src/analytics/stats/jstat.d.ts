// Minimal typings for the parts of jStat (https://github.com/jstat/jstat) that src/analytics uses.
// jstat ships no types; it exports the jStat function object, which also carries itself as `jStat`.
declare module 'jstat' {
  interface JStatStatic {
    normal: {
      cdf(x: number, mean: number, sd: number): number;
      inv(p: number, mean: number, sd: number): number;
    };
    studentt: {
      cdf(x: number, dof: number): number;
      inv(p: number, dof: number): number;
    };
    centralF: {
      cdf(x: number, df1: number, df2: number): number;
    };
  }

  export const jStat: JStatStatic;
}
