/** What the bot knows about one product (issue 16), as the catalogue and a published version hold it. */
export interface SizeRow {
  size: string;
  /** cm; null = open bound. */
  heightMin: number | null;
  heightMax: number | null;
  /** kg; null = open bound. */
  weightMin: number | null;
  weightMax: number | null;
}

export interface ProductFacts {
  /** The platform's 商品ID. */
  externalId: string;
  title: string;
  category: string;
  priceBand: string;
  link: string;
  imageUrl: string;
  onSale: boolean;
  attributes: { key: string; value: string }[];
  sizeChart: SizeRow[];
}

export type ProductAnswerKind = "attribute" | "size" | "missing";

export interface ProductAnswer {
  kind: ProductAnswerKind;
  /** The attribute kind asked about (材质, 颜色 …, "尺码表" for size advice). */
  topic: string;
  /** The product's attribute that answered, when one did. */
  attribute: string | null;
  /** For yes/no questions: the answer's polarity; null for open questions. */
  yes: boolean | null;
  /** For size advice: the recommended size; null when out of chart or unknown. */
  size: string | null;
  reply: string;
}
