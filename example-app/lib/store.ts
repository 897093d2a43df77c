export interface User {
  id: string;
  name: string;
}

export const users: User[] = [
  { id: '1', name: 'Ada Lovelace' },
  { id: '2', name: 'Grace Hopper' },
];
