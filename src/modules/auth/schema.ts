import { Type } from 'typebox';

export const ScopeUnit = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() });

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('commander'), Type.Literal('analyst'), Type.Literal('officer'), Type.Literal('grid_worker')]),
  scopes: Type.Array(ScopeUnit),
  totpEnabled: Type.Boolean(),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'send as x-csrf-token on writes; null for bearer tokens' }),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);

export const LoginReply = Type.Object({ user: Me, csrfToken: Type.String() });

export const TokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const TokenInfo = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]) });
export const NewToken = Type.Object({ token: Type.String({ description: 'shown once; store it safely' }), info: TokenInfo });

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const TotpCode = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
