/**
 * The form two user names are compared in: NFKC (full-width `ｒｏｏｔ` is `root`, ligatures and
 * compatibility forms fold) then a full case fold, so `ALICE`, `Alice` and `ａｌｉｃｅ` are one
 * account's name and never a second account beside it.
 */
export function userNameKey(name: string): string {
  // toLowerCase after toUpperCase folds the special cases lowercasing alone misses (ß → ss).
  return name.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
