<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Workspace</name>
    <message><source>No team hub is set up: the team library is edited on this computer.</source><translation>未设置团队中心：团队短语库在本机编辑。</translation></message>
    <message><source>Hub: %1</source><translation>团队中心：%1</translation></message>
    <message><source>User: %1 (%2)</source><translation>用户：%1（%2）</translation></message>
    <message><source>Revision: %1, last sync %2</source><translation>版本：%1，上次同步 %2</translation></message>
    <message><source>never</source><translation>从未</translation></message>
    <message><source>Pending changes: %1</source><translation>待发布修改：%1</translation></message>
    <message><source>Online</source><translation>在线</translation></message>
    <message><source>Offline: %1</source><translation>离线：%1</translation></message>
    <message><source>Nothing was published: these rows changed on the hub since you last synced.
%1
Both versions are kept in %2.</source><translation>未发布：以下内容在您上次同步后已被他人修改。
%1
两个版本都已保存在 %2。</translation></message>
    <message><source>Published %1 phrases (revision %2).</source><translation>已发布 %1 条短语（版本 %2）。</translation></message>
    <message><source>Team library updated: %1 new, %2 changed, %3 removed.</source><translation>团队短语已更新：新增 %1 条，修改 %2 条，删除 %3 条。</translation></message>
    <message><source>Team hub: online</source><translation>团队中心：在线</translation></message>
    <message><source>Team hub: offline (%1)</source><translation>团队中心：离线（%1）</translation></message>
    <message><source>not reachable</source><translation>无法连接</translation></message>
    <message><source>The team library is the hub's copy again (%1 phrases). Backup: %2</source><translation>团队短语库已重新下载为团队中心的版本（%1 条短语）。备份：%2</translation></message>
    <message><source>phrases</source><translation>条短语</translation></message>
    <message><source>products</source><translation>个商品</translation></message>
    <message><source>Receiving the team library: %1 %2</source><translation>正在接收团队短语库：%1 %2</translation></message>
    <message><source>search index not refreshed: %1</source><translation>搜索索引未更新：%1</translation></message>
    <message><source>Team hub password</source><translation>团队中心密码</translation></message>
    <message><source>Password of %1 for the team hub at %2 (this computer does not keep it; it is asked once each time Sidekick starts):</source><translation>%1 在团队中心 %2 的密码（本机不保存密码，每次启动 Sidekick 时询问一次）：</translation></message>
    <message><source>That passphrase does not open the file. Try again.</source><translation>该口令无法打开此文件，请重试。</translation></message>
    <message><source>Team hub password file</source><translation>团队中心密码文件</translation></message>
    <message><source>The team hub password is kept in an encrypted file (%1). Passphrase:</source><translation>团队中心密码保存在加密文件中（%1）。请输入口令：</translation></message>
    <message><source>Taking the team hub's copy of the team library…</source><translation>正在从团队中心取回团队短语库…</translation></message>
    <message><source>Taking the team hub's copy of the team library… %1 rows</source><translation>正在从团队中心取回团队短语库… 已收到 %1 条</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
    <message><source>Reset team library</source><translation>重置团队短语库</translation></message>
    <message><source>Reset cancelled. The hub's copy of the team library is received at the next sync.</source><translation>已取消重置。团队短语库将在下次同步时从团队中心取回。</translation></message>
</context>
</TS>
