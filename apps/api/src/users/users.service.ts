import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateUserInput, UpdateUserInput, UserDto } from '@review/shared';
import { Repository } from 'typeorm';
import { AuthService } from '../auth/index.js';
import { conflict, forbidden, notFound } from '../common/app-error.js';
import { UserEntity } from '../database/entities/user.entity.js';

export function toUserDto(u: UserEntity): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    isAdmin: u.isAdmin,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
  };
}

/** User accounts (admins only): create, list, rename, reset a password, deactivate. */
@Injectable()
export class UsersService {
  constructor(
    private readonly auth: AuthService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async create(input: CreateUserInput): Promise<UserDto> {
    const taken = await this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username: input.username })
      .getExists();
    if (taken) throw conflict(`The username "${input.username}" is already taken`);
    const user = this.users.create({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await this.auth.hashPassword(input.password),
      isAdmin: input.isAdmin ?? false,
      active: true,
    });
    return toUserDto(await this.users.save(user));
  }

  async list(): Promise<UserDto[]> {
    return (await this.users.find({ order: { username: 'ASC' } })).map(toUserDto);
  }

  /** Resetting a password or deactivating a user ends all of that user's sessions, and closes their sockets. */
  async update(id: string, input: UpdateUserInput, actingUserId: string): Promise<UserDto> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw notFound('User');
    if (id === actingUserId && (input.active === false || input.isAdmin === false)) {
      throw forbidden('You cannot deactivate yourself or remove your own admin rights');
    }
    const wasAdmin = user.isAdmin;
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.isAdmin !== undefined) user.isAdmin = input.isAdmin;
    if (input.active !== undefined) user.active = input.active;
    if (input.password !== undefined) user.passwordHash = await this.auth.hashPassword(input.password);
    const saved = await this.users.save(user);
    // A new password, deactivation or lost admin rights end every session (and close its sockets):
    // what the user may reach is read from the session when it starts.
    const lostAdmin = input.isAdmin === false && wasAdmin;
    if (input.password !== undefined || input.active === false || lostAdmin) {
      await this.auth.revokeAllSessions(id);
    }
    return toUserDto(saved);
  }
}
