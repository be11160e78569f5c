// Messages of the imports area, in the two console languages (the English one typed by the Chinese one).
export const importsZh = {
};

export const importsEn: Record<keyof typeof importsZh, string> = {
};
