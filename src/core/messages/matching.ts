// Messages of the matching area, in the two console languages (the English one typed by the Chinese one).
export const matchingZh = {
};

export const matchingEn: Record<keyof typeof matchingZh, string> = {
};
