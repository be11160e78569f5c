// Messages of the exports area, in the two console languages (the English one typed by the Chinese one).
export const exportsZh = {
};

export const exportsEn: Record<keyof typeof exportsZh, string> = {
};
