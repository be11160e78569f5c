// localStorage when the browser gives it, else a storage that lives as long as the page (private modes that
// refuse storage still get a working page; only "later" and "remember me" are lost).
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

export function phoneStorage(): Storage {
  try {
    localStorage.setItem('tg_probe', '1');
    localStorage.removeItem('tg_probe');
    return localStorage;
  } catch {
    return new MemoryStorage();
  }
}
