import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { CreateUserDto, createUserSchema, toUserView, UserView, uuidSchema } from './users.dto';
import { UsersService } from './users.service';

/** Console users (human agents and admins), managed with an admin API key. */
@ApiTags('users')
@ApiKeyAuth()
@Controller('v1/users')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Auth() auth: AuthContext): Promise<{ data: UserView[] }> {
    return { data: (await this.users.list(auth.tenantId)).map(toUserView) };
  }

  @Post()
  @ApiZodBody(createUserSchema)
  @ApiErrors(400, 409)
  async create(
    @Auth() auth: AuthContext,
    @Body(new ZodValidationPipe(createUserSchema)) body: CreateUserDto,
  ): Promise<UserView> {
    return toUserView(await this.users.create(auth.tenantId, body, `key:${auth.keyId}`));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.users.delete(auth.tenantId, id, `key:${auth.keyId}`);
  }
}
