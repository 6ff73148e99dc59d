import type { CreateAccountInput, CreateAccountState, OrganizationService, OrgIds, PageRequest } from "../../service/organizations/index.js";
import { accountArn } from "../../service/organizations/index.js";
import type { Operation } from "../operation.js";
import { decodeAccountId, decodeCreateAccount, decodePage, decodeRequestId, decodeStates } from "./decode.js";
import { encodeAccount, encodeCreateAccountStatus, encodePage } from "./encode.js";
import { PAGE_MEMBERS, requestTags, resourceTags, rpc } from "./rpc.js";

/** CreateAccount and its statuses, DescribeAccount, ListAccounts. */
export function accountOperations(service: OrganizationService, org: OrgIds): Operation[] {
  return [
    rpc<CreateAccountInput, Awaited<ReturnType<typeof service.accounts.create>>>({
      name: "CreateAccount", members: ["Email", "AccountName", "RoleName", "IamUserAccessToBilling", "Tags"],
      decode: decodeCreateAccount,
      resource: () => "*",
      keys: (input) => requestTags(input.tags),
      invoke: (input, caller) => service.accounts.create(caller, input),
      encode: (status) => ({ CreateAccountStatus: encodeCreateAccountStatus(status) }),
    }),
    rpc<string, Awaited<ReturnType<typeof service.accounts.describeStatus>>>({
      name: "DescribeCreateAccountStatus", members: ["CreateAccountRequestId"],
      decode: decodeRequestId,
      resource: () => "*",
      invoke: (id, caller) => service.accounts.describeStatus(caller, id),
      encode: (status) => ({ CreateAccountStatus: encodeCreateAccountStatus(status) }),
    }),
    rpc<{ states: CreateAccountState[] | undefined; page: PageRequest }, Awaited<ReturnType<typeof service.accounts.listStatuses>>>({
      name: "ListCreateAccountStatus", members: ["States", ...PAGE_MEMBERS],
      decode: (o) => ({ states: decodeStates(o), page: decodePage(o) }),
      resource: () => "*",
      invoke: ({ states, page }, caller) => service.accounts.listStatuses(caller, states, page),
      encode: (page) => encodePage("CreateAccountStatuses", page, encodeCreateAccountStatus),
    }),
    rpc<string, Awaited<ReturnType<typeof service.accounts.describe>>>({
      name: "DescribeAccount", members: ["AccountId"],
      decode: decodeAccountId,
      resource: (accountId) => accountArn(org, accountId),
      subject: (accountId) => accountId,
      keys: async (accountId) => resourceTags(await service.tags.list(accountId)),
      invoke: (accountId, caller) => service.accounts.describe(caller, accountId),
      encode: (account) => ({ Account: encodeAccount(account) }),
    }),
    rpc<PageRequest, Awaited<ReturnType<typeof service.accounts.list>>>({
      name: "ListAccounts", members: PAGE_MEMBERS,
      decode: decodePage,
      resource: () => "*",
      invoke: (page, caller) => service.accounts.list(caller, page),
      encode: (page) => encodePage("Accounts", page, encodeAccount),
    }),
  ];
}
