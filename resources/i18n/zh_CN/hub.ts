<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Messages of the team hub (sidekick/hub) and the command line's words around them: sidekick.core.messages.Message templates, in the Messages context of reader.ts. -->
<context>
    <name>Messages</name>
    <message><source>this machine is connected to the hub %1; its team library is that shop's. To switch to %2, run the command again with --replace: the old shop's team data and any unpublished edits are backed up and removed first (nothing of it goes to the new hub).</source><translation>本机已连接到团队中心 %1；它的团队库属于那家店铺。要切换到 %2，请加上 --replace 再运行一次命令：旧店铺的团队数据和未发布的修改会先备份再删除（不会有任何内容进入新的团队中心）。</translation></message>
    <message><source>this machine is not connected to a hub: run `sidekick hub connect URL --user NAME`</source><translation>本机没有连接团队中心：请运行 `sidekick hub connect URL --user NAME`</translation></message>
    <message><source>user %1 is neither a lead nor an agent of the hub at %2; ask the hub's lead to run `sidekick hub add-user`</source><translation>用户 %1 既不是 %2 团队中心的组长，也不是客服；请让团队中心的组长运行 `sidekick hub add-user`</translation></message>
    <message><source>the team's usage is for the shop's lead: this login is an agent</source><translation>团队的使用情况只给店铺组长看：此登录是客服</translation></message>
    <message><source>the OS keyring that keeps the hub password is not available. Unlock it (on Linux: a Secret Service keyring such as gnome-keyring or KWallet in the desktop session), or run `sidekick hub connect URL --user NAME` again: without a safe OS keyring the password goes to an encrypted file opened with a passphrase (or, with --ask-password, nowhere: asked for each time). Sidekick never writes the password to a file unencrypted.</source><translation>保存团队中心密码的系统钥匙串不可用。请解锁它（Linux 上：桌面会话中的 Secret Service 钥匙串，如 gnome-keyring 或 KWallet），或重新运行 `sidekick hub connect URL --user NAME`：没有安全的系统钥匙串时，密码会保存在用口令打开的加密文件中（或者加上 --ask-password，不保存在任何地方：每次询问）。Sidekick 从不把密码明文写入文件。</translation></message>
    <message><source>%1 (refused backend: %2)</source><translation>%1（已拒绝的后端：%2）</translation></message>
    <message><source>the hub URL must start with postgresql:// (e.g. postgresql://hub.example.com/shop)</source><translation>团队中心地址必须以 postgresql:// 开头（例如 postgresql://hub.example.com/shop）</translation></message>
    <message><source>the hub URL must not contain a password (it would end up in the settings); give the URL without it and type the password when asked</source><translation>团队中心地址中不能含有密码（否则会被存进设置）；请给出不含密码的地址，在询问时再输入密码</translation></message>
    <message><source>the hub URL names no database (add /DBNAME at the end)</source><translation>团队中心地址中没有数据库名（请在末尾加上 /数据库名）</translation></message>
    <message><source>give the hub login with --user NAME</source><translation>请用 --user NAME 给出团队中心的登录名</translation></message>
    <message><source>%1 is not a PostgreSQL URL (postgresql://host:port/db)</source><translation>%1 不是 PostgreSQL 地址（postgresql://主机:端口/数据库）</translation></message>
    <message><source>the URL says user %1 but --user says %2</source><translation>地址中的用户是 %1，但 --user 给的是 %2</translation></message>
    <message><source>%1 (%2)</source><translation>%1（%2）</translation></message>
    <message><source>user %1</source><translation>用户 %1</translation></message>
    <message><source>this login</source><translation>此登录</translation></message>
    <message><source>the hub at %1 reported an error: %2</source><translation>%1 的团队中心报告了错误：%2</translation></message>
    <message><source>the hub at %1 rejected the password of %2. Ask your lead for the right password and run `sidekick hub connect` again; Sidekick keeps working offline meanwhile.</source><translation>%1 的团队中心拒绝了%2的密码。请向组长要正确的密码并重新运行 `sidekick hub connect`；在此期间 Sidekick 继续离线工作。</translation></message>
    <message><source>the hub at %1 asks for a password for %2 and none is stored. Run `sidekick hub connect URL --user NAME` to store it in the OS keyring.</source><translation>%1 的团队中心要求%2的密码，但本机没有保存。请运行 `sidekick hub connect URL --user NAME` 把它保存到系统钥匙串。</translation></message>
    <message><source>%1 may not change the team data on the hub at %2: only leads may publish, agents receive read-only copies (%3).</source><translation>%1不能修改 %2 团队中心上的团队数据：只有组长可以发布，客服收到的是只读副本（%3）。</translation></message>
    <message><source>the hub at %1 has no user %2. Ask your lead to run `sidekick hub add-user`.</source><translation>%1 的团队中心没有用户 %2。请让组长运行 `sidekick hub add-user`。</translation></message>
    <message><source>%1 is not allowed to log in to the hub at %2 (it is a group, not a login).</source><translation>%1不能登录 %2 的团队中心（它是一个组，不是登录名）。</translation></message>
    <message><source>the hub at %1 does not accept connections from this machine for %2 (the server's pg_hba.conf has no matching entry; ask whoever runs the server).</source><translation>%1 的团队中心不接受本机以%2连接（服务器的 pg_hba.conf 中没有匹配的条目；请询问服务器的管理员）。</translation></message>
    <message><source>could not open a TLS connection to the hub at %1 (%2). A hub reached over the network must use TLS; fix the server's SSL setup, or add sslmode=... to the hub URL.</source><translation>无法与 %1 的团队中心建立 TLS 连接（%2）。通过网络访问的团队中心必须使用 TLS；请修正服务器的 SSL 设置，或在团队中心地址中加上 sslmode=...。</translation></message>
    <message><source>there is no hub database at %1; check the URL (run `sidekick hub init` there first).</source><translation>%1 没有团队中心数据库；请检查地址（先在那里运行 `sidekick hub init`）。</translation></message>
    <message><source>cannot reach the hub at %1 (%2). Sidekick keeps working offline from the last copy and syncs when the hub is back.</source><translation>无法连接 %1 的团队中心（%2）。Sidekick 会用最近的副本继续离线工作，团队中心恢复后再同步。</translation></message>
    <message><source>the database at %1 is not a Sidekick hub (run `sidekick hub init` for it).</source><translation>%1 的数据库不是 Sidekick 团队中心（请为它运行 `sidekick hub init`）。</translation></message>
    <message><source>%1 may not connect to the hub database at %2: it is not a user of this hub (each shop's hub admits only its own users). Ask the hub's lead to run `sidekick hub add-user`.</source><translation>%1不能连接 %2 的团队中心数据库：它不是这个团队中心的用户（每家店铺的团队中心只接纳自己的用户）。请让团队中心的组长运行 `sidekick hub add-user`。</translation></message>
    <message><source>hub sync failed unexpectedly; retrying</source><translation>团队中心同步意外失败；正在重试</translation></message>
    <message><source> (from %1)</source><translation>（来自 %1）</translation></message>
    <message><source>the passphrase%1 does not open the encrypted hub password file %2. Type the passphrase chosen when the machine was connected; if it is lost, delete that file and run `sidekick hub connect URL --user NAME` again</source><translation>口令%1打不开加密的团队中心密码文件 %2。请输入本机连接时设定的口令；如果忘了，请删除该文件并重新运行 `sidekick hub connect URL --user NAME`</translation></message>
    <message><source>the hub password is kept in the encrypted file %1, opened with a passphrase, and none was given (type it when asked, or set %2 for unattended use)</source><translation>团队中心密码保存在用口令打开的加密文件 %1 中，但没有给出口令（请在询问时输入，或为无人值守的使用设置 %2）</translation></message>
    <message><source>the password of %1 for the hub at %2 is asked for each time (this machine keeps it nowhere) and none was given</source><translation>%1 在 %2 团队中心的密码每次都要询问（本机不保存），但没有给出</translation></message>
    <message><source>the encrypted file %1 holds no password for %2 at %3; run `sidekick hub connect URL --user NAME` again</source><translation>加密文件 %1 中没有 %2 在 %3 的密码；请重新运行 `sidekick hub connect URL --user NAME`</translation></message>
    <message><source>the hub refused the publish: %1. Nothing was published; run `sidekick hub sync`, then publish again.</source><translation>团队中心拒绝了这次发布：%1。没有发布任何内容；请运行 `sidekick hub sync`，然后再发布。</translation></message>
    <message><source>the hub URL %1 names no database (add /DBNAME at the end)</source><translation>团队中心地址 %1 中没有数据库名（请在末尾加上 /数据库名）</translation></message>
    <message><source>hub database name %1: use lower-case letters, digits and _ only (it also names the hub's roles)</source><translation>团队中心数据库名 %1：只能用小写字母、数字和 _（它也用来命名团队中心的角色）</translation></message>
    <message><source>--role must be lead or agent</source><translation>--role 必须是 lead 或 agent</translation></message>
    <message><source>user name %1: use letters, digits, _ . - (starting with a letter)</source><translation>用户名 %1：只能用字母、数字、_ . -（以字母开头）</translation></message>
    <message><source>the password must have at least 8 characters</source><translation>密码至少要有 8 个字符</translation></message>
    <message><source>%1 is not set up as a hub yet: run `sidekick hub init` first</source><translation>%1 还没有设置为团队中心：请先运行 `sidekick hub init`</translation></message>
    <message><source>a login named %1 already exists on this server but does not belong to hub %2; choose another name (users of different hubs are kept apart)</source><translation>这台服务器上已有名为 %1 的登录，但它不属于团队中心 %2；请换一个名字（不同团队中心的用户是分开的）</translation></message>
    <message><source>%1
nothing was saved</source><translation>%1
没有保存任何内容</translation></message>
    <message><source>%1
the local copy is unchanged</source><translation>%1
本地副本没有改动</translation></message>
    <message><source>%1
nothing was published; your edits are still pending</source><translation>%1
没有发布任何内容；你的修改仍待发布</translation></message>
    <message><source>the team view is for a lead connected to a hub: %1</source><translation>团队视图只给连接了团队中心的组长看：%1</translation></message>
    <message><source>the team view is for the shop's lead: %1</source><translation>团队视图只给店铺组长看：%1</translation></message>
    <message><source>the team's figures could not be read: %1</source><translation>无法读取团队的数据：%1</translation></message>
</context>
</TS>
