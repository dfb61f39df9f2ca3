// A nominal type: a string that has been checked to be a particular kind of id, so that a
// question id cannot be passed where a cell id is expected.
declare const brand: unique symbol;
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
