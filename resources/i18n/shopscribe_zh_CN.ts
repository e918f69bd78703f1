<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdaptersBox</name>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="40" />
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="48" />
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="49" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="50" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="51" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="52" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="83" />
        <source>No checkpoint of this run beat the base model on your held-out texts, so it is not used unless you activate it and confirm.</source>
        <translation>这次训练没有任何检查点在留出文本上胜过基础模型，因此除非您启用并确认，否则不会使用它。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="126" />
        <source>Adapter worse than the base model</source>
        <translation>适配器不如基础模型</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="148" />
        <source>Choose an adapter to rename.</source>
        <translation>请选择要重命名的适配器。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="151" />
        <source>Rename adapter</source>
        <translation>重命名适配器</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="151" />
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="161" />
        <source>Choose an adapter to delete.</source>
        <translation>请选择要删除的适配器。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="163" />
        <source>Delete adapter</source>
        <translation>删除适配器</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="172" />
        <source>Choose an adapter to export.</source>
        <translation>请选择要导出的适配器。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="176" />
        <source>Export adapter</source>
        <translation>导出适配器</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/adapters_box.py" line="178" />
        <source>Zip (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
</context>
<context>
    <name>BackendBox</name>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="43" />
        <source>On this computer (nothing leaves it)</source>
        <translation>在本机运行（数据不离开电脑）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="45" />
        <source>On a server (OpenAI-compatible: vLLM, llama.cpp, Ollama, LM Studio)</source>
        <translation>在服务器上运行（兼容 OpenAI：vLLM、llama.cpp、Ollama、LM Studio）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="53" />
        <source>http://192.168.1.20:8000/v1</source>
        <translation>http://192.168.1.20:8000/v1</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="55" />
        <source>the model's name on the server</source>
        <translation>服务器上的模型名称</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="58" />
        <source>optional; kept in the system keyring</source>
        <translation>可选；保存在系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="60" />
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="61" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="62" />
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="63" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="65" />
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/backend_box.py" line="69" />
        <source>Customer e-mails, phones, order numbers and addresses are replaced by placeholders before any text goes to a server.</source>
        <translation>任何文本发送到服务器之前，客户的邮箱、电话、订单号和地址都会替换为占位符。</translation>
    </message>
</context>
<context>
    <name>BackgroundNotices</name>
    <message>
        <location filename="../../gui/notices.py" line="37" />
        <source>The bulk run has finished</source>
        <translation>批量撰写已完成</translation>
    </message>
    <message>
        <location filename="../../gui/notices.py" line="38" />
        <source>Training has finished</source>
        <translation>训练已完成</translation>
    </message>
    <message>
        <location filename="../../gui/notices.py" line="39" />
        <source>The policies are indexed</source>
        <translation>政策已建立索引</translation>
    </message>
    <message>
        <location filename="../../gui/notices.py" line="51" />
        <source>Open ShopScribe to review the result.</source>
        <translation>打开 ShopScribe 查看结果。</translation>
    </message>
    <message>
        <location filename="../../gui/notices.py" line="57" />
        <source>It stopped with a problem: {why}</source>
        <translation>任务因问题而中止：{why}</translation>
    </message>
</context>
<context>
    <name>BackupController</name>
    <message>
        <location filename="../../gui/backups.py" line="132" />
        <source>Restore from &amp;backup…</source>
        <translation>从备份恢复(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="147" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="203" />
        <source>The restore starts when the running job ends (stop it to restore now).</source>
        <translation>恢复将在当前任务结束后开始（停止任务即可立即恢复）。</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="217" />
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
</context>
<context>
    <name>BrandVoiceDialog</name>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="42" />
        <source>Brand voices</source>
        <translation>品牌语气</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="48" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="50" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="53" />
        <source>&lt;b&gt;Presets&lt;/b&gt;</source>
        <translation>&lt;b&gt;预设&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="61" />
        <source>e.g. Cosy shop</source>
        <translation>例如：温馨小店</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="66" />
        <source>comma-separated, e.g. cosy, handcrafted</source>
        <translation>用逗号分隔，例如：温馨, 手工</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="68" />
        <source>never generated, e.g. cheap, amazing</source>
        <translation>绝不生成，例如：便宜, 惊艳</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="76" />
        <source>Name*</source>
        <translation>名称*</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="77" />
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="78" />
        <source>Words to use</source>
        <translation>常用词</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/brand_voice_dialog.py" line="79" />
        <source>Words to avoid</source>
        <translation>禁用词</translation>
    </message>
</context>
<context>
    <name>BulkTab</name>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="60" />
        <source>Open CSV…</source>
        <translation>打开 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="61" />
        <location filename="../../gui/tabs/bulk_tab.py" line="256" />
        <source>Open a Shopify or WooCommerce product CSV.</source>
        <translation>打开 Shopify 或 WooCommerce 商品 CSV。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="66" />
        <source>Also SEO title + description</source>
        <translation>同时生成 SEO 标题和描述</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="69" />
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="73" />
        <source>Earlier runs:</source>
        <translation>以往批次：</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="77" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="79" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="80" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="81" />
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="83" />
        <source>%v / %m products</source>
        <translation>%v / %m 件商品</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="87" />
        <source>Write:</source>
        <translation>生成：</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="117" />
        <source>Accept selected</source>
        <translation>接受所选</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="118" />
        <source>Accept all</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="119" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="121" />
        <source>Tick a row's status to accept it; double-click a text to edit it.</source>
        <translation>勾选某行的状态即接受该行；双击文本可编辑。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="123" />
        <source>Only rows that need review</source>
        <translation>只看需要复核的行</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="126" />
        <source>Rows with a statement your facts do not support, or a fact the text leaves out</source>
        <translation>含有事实不支持的表述，或遗漏了某项事实的行</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="239" />
        <source>Open product CSV</source>
        <translation>打开商品 CSV</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="241" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="307" />
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="343" />
        <source>pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="379" />
        <source>Export product CSV</source>
        <translation>导出商品 CSV</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/bulk_tab.py" line="379" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>BulkTableModel</name>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="21" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="22" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="23" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="24" />
        <source>Facts check</source>
        <translation>事实核对</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="30" />
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="31" />
        <source>writing…</source>
        <translation>撰写中…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="32" />
        <source>written</source>
        <translation>已撰写</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="33" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="34" />
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="167" />
        <source> (edited)</source>
        <translation>（已编辑）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="177" />
        <source>{n} to check</source>
        <translation>{n} 处待核对</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="181" />
        <source>uses {used} of {total} facts</source>
        <translation>使用了 {total} 条信息中的 {used} 条</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/bulk_table.py" line="188" />
        <source>ok</source>
        <translation>通过</translation>
    </message>
</context>
<context>
    <name>CataloguePicker</name>
    <message>
        <location filename="../../gui/widgets/customer_catalogue_picker.py" line="27" />
        <source>Pick from catalogue</source>
        <translation>从商品目录选择</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_catalogue_picker.py" line="31" />
        <source>Search products…</source>
        <translation>搜索商品…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_catalogue_picker.py" line="40" />
        <source>The catalogue is empty: import your product CSV in the Customers tab (Catalogue…).</source>
        <translation>商品目录为空：请在“客户”页导入商品 CSV（商品目录…）。</translation>
    </message>
</context>
<context>
    <name>CopyTab</name>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="55" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="58" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="65" />
        <source>&lt;h3&gt;Product facts&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;商品信息&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="66" />
        <source>Pick from catalogue…</source>
        <translation>从商品目录选择…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="67" />
        <source>Fill the form from a product of the shop's catalogue</source>
        <translation>用店铺商品目录中的商品填写表单</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="97" />
        <source>Fill in a title and press Generate.</source>
        <translation>填写标题后点击“生成”。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="102" />
        <source>&lt;h3&gt;Copy&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;文案&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="167" />
        <source>Enter a product title first: it is the one fact we need.</source>
        <translation>请先输入商品标题：这是唯一必填的信息。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="185" />
        <source>Writing…</source>
        <translation>正在撰写…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="200" />
        <source>Rewriting variant {n}…</source>
        <translation>正在重写第 {n} 版…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="215" />
        <location filename="../../gui/tabs/copy_tab.py" line="252" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="217" />
        <source>Not written.</source>
        <translation>未生成。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="228" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="252" />
        <source>Done, best first.</source>
        <translation>完成，最佳版本排在最前。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="254" />
        <source>Variant {n} rewritten.</source>
        <translation>第 {n} 版已重写。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="256" />
        <source> {n} statement(s) to check are highlighted.</source>
        <translation> 已高亮 {n} 处需要核对的表述。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="265" />
        <source>Copied {n} characters to the clipboard.</source>
        <translation>已复制 {n} 个字符到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="277" />
        <source>Edit of variant {n} saved.</source>
        <translation>第 {n} 版的修改已保存。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="324" />
        <source>Rewriting a sentence of variant {n}…</source>
        <translation>正在重写第 {n} 版中的一句…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="331" />
        <source>Not rewritten.</source>
        <translation>未重写。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="340" />
        <source>No rewrite the facts support was found; remove it instead.</source>
        <translation>找不到有事实支持的改写；请改为删除该句。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="347" />
        <source>Sentence of variant {n} rewritten.</source>
        <translation>第 {n} 版中的句子已重写。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="354" />
        <source>Variant {n} chosen.</source>
        <translation>已选用第 {n} 版。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="376" />
        <source>From history: {when}</source>
        <translation>来自历史记录：{when}</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/copy_tab.py" line="395" />
        <source>Facts of {title} from the catalogue.</source>
        <translation>已从商品目录载入“{title}”的信息。</translation>
    </message>
</context>
<context>
    <name>CustomerActions</name>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="92" />
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="94" />
        <source>Contacts or notes (*.csv *.jsonl);;All (*)</source>
        <translation>联系人或备注 (*.csv *.jsonl);;全部 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="106" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="114" />
        <source>Adding them again…</source>
        <translation>正在重新添加…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="129" />
        <source>Import the catalogue</source>
        <translation>导入商品目录</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="131" />
        <source>Product CSV (*.csv);;All files (*)</source>
        <translation>商品 CSV (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="141" />
        <source>Importing the catalogue…</source>
        <translation>正在导入商品目录…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="163" />
        <source>Adding the product…</source>
        <translation>正在添加商品…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="227" />
        <source>Export customer</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="229" />
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="240" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="250" />
        <source>Export contacts</source>
        <translation>导出联系人</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="252" />
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="262" />
        <source>Exporting contacts…</source>
        <translation>正在导出联系人…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="277" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="285" />
        <source>Nothing was forgotten.</source>
        <translation>没有删除任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="293" />
        <source>Forgetting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_actions.py" line="310" />
        <source>Retraining {name} without them…</source>
        <translation>正在重新训练 {name}（不含该客户的文本）…</translation>
    </message>
</context>
<context>
    <name>CustomerEditDialog</name>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="155" />
        <source>separated by ; e.g. vip; linen</source>
        <translation>用 ; 分隔，例如：vip; 亚麻</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="158" />
        <source>one per line, e.g.
city: Portland
birthday: 3 May</source>
        <translation>每行一项，例如：
城市：杭州
生日：5月3日</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="161" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="162" />
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="163" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="164" />
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="165" />
        <source>Fields</source>
        <translation>自定义字段</translation>
    </message>
</context>
<context>
    <name>CustomerList</name>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="59" />
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="61" />
        <source>Contacts (name,email,phone,tags,notes) or notes (.jsonl)</source>
        <translation>联系人（name,email,phone,tags,notes）或备注（.jsonl）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="63" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="65" />
        <source>Every customer and their notes, in the import's format</source>
        <translation>所有客户及其备注，格式与导入相同</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="67" />
        <source>New customer…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="68" />
        <source>Catalogue</source>
        <translation>商品目录</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="70" />
        <source>The shop's products from a Shopify/WooCommerce CSV</source>
        <translation>来自 Shopify/WooCommerce CSV 的店铺商品</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="73" />
        <source>Search names, e-mails, notes (English or 中文)…</source>
        <translation>搜索姓名、邮箱、备注（中文或英文）…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="112" />
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_list.py" line="141" />
        <source>{found} of {total} customers · {products} products</source>
        <translation>{found} / {total} 位客户 · {products} 件商品</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="76" />
        <source>&lt;h3&gt;No customer chosen&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;尚未选择客户&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="79" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="80" />
        <source>Name, e-mail, phone, tags and your own fields</source>
        <translation>姓名、邮箱、电话、标签和自定义字段</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="81" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="82" />
        <source>Everything about this customer as one JSON file</source>
        <translation>将该客户的全部资料导出为一个 JSON 文件</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="83" />
        <source>Forget…</source>
        <translation>删除客户…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="85" />
        <source>Erase this customer everywhere in ShopScribe's data</source>
        <translation>从 ShopScribe 的所有数据中彻底清除该客户</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="97" />
        <source>&lt;b&gt;Notes&lt;/b&gt; (newest first)</source>
        <translation>&lt;b&gt;备注&lt;/b&gt;（最新在前）</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="100" />
        <source>Summarise</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="102" />
        <source>Recommend</source>
        <translation>推荐商品</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="104" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="110" />
        <source>Profile</source>
        <translation>客户画像</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="113" />
        <source>Recommendations from the catalogue</source>
        <translation>来自商品目录的推荐</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="209" />
        <source>Note added. Summarise again to include it.</source>
        <translation>备注已添加。重新生成摘要即可纳入。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="234" />
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="240" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="242" />
        <source>Not done.</source>
        <translation>未完成。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/customers_tab.py" line="255" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>FactsForm</name>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="69" />
        <source>e.g. Insulated Steel Bottle</source>
        <translation>例如：不锈钢保温杯</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="71" />
        <source>e.g. Drinkware</source>
        <translation>例如：水具</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="75" />
        <source>One fact per line, e.g.
capacity: 750 ml
material: stainless steel
keeps drinks cold 24 hours</source>
        <translation>每行一条信息，例如：
容量：750 ml
材质：不锈钢
保冷 24 小时</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="81" />
        <source>e.g. hikers</source>
        <translation>例如：徒步爱好者</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="83" />
        <source>comma-separated, e.g. water bottle, gym</source>
        <translation>用逗号分隔，例如：水杯, 健身</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="85" />
        <source>words that must never appear, e.g. cheap</source>
        <translation>绝不能出现的词，例如：便宜</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="103" />
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="104" />
        <source>HTML paragraphs</source>
        <translation>HTML 段落</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="106" />
        <source>How the description is copied: HTML for a shop's HTML editor</source>
        <translation>描述的复制方式：HTML 适用于店铺的 HTML 编辑器</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="110" />
        <source>A saved brand voice: tone, words to use and avoid, examples</source>
        <translation>已保存的品牌语气：语气、常用词、禁用词和范例</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="112" />
        <source>Manage…</source>
        <translation>管理…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="122" />
        <source>Product title*</source>
        <translation>商品标题*</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="123" />
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="124" />
        <source>Facts</source>
        <translation>商品信息</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="125" />
        <source>Audience</source>
        <translation>目标人群</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="126" />
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="127" />
        <source>Avoid words</source>
        <translation>禁用词</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="128" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="129" />
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="130" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="131" />
        <source>Variants</source>
        <translation>版本数</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="132" />
        <source>Length</source>
        <translation>篇幅</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="133" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="134" />
        <source>Brand voice</source>
        <translation>品牌语气</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="135" />
        <source>Free writing (no fact checking or repair)</source>
        <translation>自由撰写（不核对、不修正事实）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="138" />
        <source>Grounded (the default): every sentence is checked against your facts; unsupported ones are rewritten or dropped. Free writing keeps the model's text as written and only highlights what the facts do not support.</source>
        <translation>有据撰写（默认）：每句话都会与您的商品信息核对，没有依据的句子会被重写或删除。自由撰写保留模型原文，只高亮事实不支持的内容。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/facts_form.py" line="173" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>FaqBookPanel</name>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="56" />
        <location filename="../../gui/widgets/faq_book_panel.py" line="133" />
        <source>&lt;b&gt;Policy book&lt;/b&gt;</source>
        <translation>&lt;b&gt;政策库&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="59" />
        <source>Filter policies (English or 中文)…</source>
        <translation>筛选政策（中文或英文）…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="68" />
        <source>Pick a policy to read it here.</source>
        <translation>选择一条政策即可在此阅读。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="77" />
        <source>Stop indexing</source>
        <translation>停止索引</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="85" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="87" />
        <source>Add policies from a Markdown, text or CSV (question,answer) file</source>
        <translation>从 Markdown、文本或 CSV（question,answer）文件添加政策</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="89" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="90" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="91" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="127" />
        <source>(not indexed yet: found by words)</source>
        <translation>（尚未建立索引：按字词查找）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="135" />
        <source>{n} entries</source>
        <translation>{n} 条</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="208" />
        <source>Import policies</source>
        <translation>导入政策</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="230" />
        <source>Indexing stopped; the rest is indexed next time.</source>
        <translation>索引已停止；其余部分下次继续建立。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="244" />
        <source>{file}: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>{file}：新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="311" />
        <source>Delete policy</source>
        <translation>删除政策</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_book_panel.py" line="312" />
        <source>Delete “{title}”?</source>
        <translation>删除“{title}”？</translation>
    </message>
</context>
<context>
    <name>FaqDraftCard</name>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="27" />
        <source>accept</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="28" />
        <source>ask for details</source>
        <translation>询问详情</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="29" />
        <source>decline politely</source>
        <translation>礼貌拒绝</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="30" />
        <source>we'll check</source>
        <translation>我们核实后回复</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="52" />
        <location filename="../../gui/widgets/faq_draft_card.py" line="104" />
        <source>&lt;b&gt;Draft {n}&lt;/b&gt;</source>
        <translation>&lt;b&gt;草稿 {n}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="56" />
        <source>The draft appears here as it is written…</source>
        <translation>回复草稿会在撰写时显示在这里…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="66" />
        <location filename="../../gui/widgets/faq_draft_card.py" line="117" />
        <source>Sources:</source>
        <translation>依据：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="72" />
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="75" />
        <location filename="../../gui/widgets/faq_draft_card.py" line="173" />
        <source>☆ Favourite</source>
        <translation>☆ 收藏</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="77" />
        <source>Favourite this draft</source>
        <translation>收藏此草稿</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="117" />
        <source>Sources: none</source>
        <translation>依据：无</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="122" />
        <source>Show “{title}”</source>
        <translation>查看“{title}”</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="124" />
        <source>Source: {title}</source>
        <translation>依据：{title}</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="155" />
        <source> and {n} more</source>
        <translation>，另有 {n} 处</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="157" />
        <source>⚠ Not in your policies, check before sending: {said}</source>
        <translation>⚠ 不在您的政策中，发送前请核对：{said}</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_draft_card.py" line="173" />
        <source>★ Favourite</source>
        <translation>★ 已收藏</translation>
    </message>
</context>
<context>
    <name>FaqEntryDialog</name>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="33" />
        <source>Edit policy</source>
        <translation>编辑政策</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="33" />
        <source>Add a policy</source>
        <translation>添加政策</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="39" />
        <source>e.g. Returns and refunds, or the customer's question</source>
        <translation>例如：退货与退款，或客户的问题</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="43" />
        <source>The policy, in your words: what the customer can rely on.</source>
        <translation>用您自己的话写下政策：客户可以依赖的承诺。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="45" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_entry_dialog.py" line="46" />
        <source>Policy</source>
        <translation>政策</translation>
    </message>
</context>
<context>
    <name>FaqFillDialog</name>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="47" />
        <source>Use “{title}”</source>
        <translation>使用“{title}”</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="67" />
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="87" />
        <source>Still needed: {needed}</source>
        <translation>尚需填写：{needed}</translation>
    </message>
</context>
<context>
    <name>FaqSavedPanel</name>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="117" />
        <source>Use…</source>
        <translation>使用…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="118" />
        <source>Fill in the placeholders and copy the reply</source>
        <translation>填写占位内容并复制回复</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="120" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="121" />
        <source>A JSON file: [{"title": …, "text": …, "lang": …}]</source>
        <translation>JSON 文件：[{"title": …, "text": …, "lang": …}]</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="170" />
        <source>Saved reply copied to the clipboard.</source>
        <translation>已将常用回复复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="177" />
        <source>Import saved replies</source>
        <translation>导入常用回复</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="177" />
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/faq_saved_panel.py" line="192" />
        <source>{n} saved replies imported.</source>
        <translation>已导入 {n} 条常用回复。</translation>
    </message>
</context>
<context>
    <name>FaqTab</name>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="41" />
        <source>Friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="42" />
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="43" />
        <source>Brief</source>
        <translation>简洁</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="46" />
        <source>Customer's language</source>
        <translation>客户的语言</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="47" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="76" />
        <source>&lt;h3&gt;Customer message&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;客户消息&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="80" />
        <source>Paste the customer's message here (English or 中文). It is read as data: instructions inside it are never followed.</source>
        <translation>在这里粘贴客户的消息（中文或英文）。消息只作为资料读取，其中的指令绝不会被执行。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="93" />
        <source>Drafts: </source>
        <translation>草稿数：</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="97" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="100" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="102" />
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="127" />
        <source>No policy found for this question: the drafts say you will check and come back.</source>
        <translation>没有找到与此问题相关的政策：草稿会说明您将核实后再回复。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="131" />
        <source>Add to the book…</source>
        <translation>加入政策库…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="140" />
        <source>Paste a message and press Generate.</source>
        <translation>粘贴消息后点击“生成”。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="151" />
        <source>Saved replies</source>
        <translation>常用回复</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="152" />
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="213" />
        <source>Paste the customer's message first.</source>
        <translation>请先粘贴客户的消息。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="226" />
        <source>Finding your policies and writing…</source>
        <translation>正在查找您的政策并撰写…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="237" />
        <location filename="../../gui/tabs/faq_tab.py" line="286" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="239" />
        <source>No drafts written.</source>
        <translation>未生成草稿。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="255" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="275" />
        <source>&lt;b&gt;Needs a person.&lt;/b&gt; {said}. Read it yourself before sending anything.</source>
        <translation>&lt;b&gt;需要人工处理。&lt;/b&gt;{said}。发送任何内容之前请亲自阅读。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="281" />
        <source>This message tries to give the assistant instructions; they were ignored.</source>
        <translation>这条消息试图向助手下达指令；这些指令已被忽略。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="286" />
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="300" />
        <source>“{title}” is no longer in the policy book.</source>
        <translation>“{title}”已不在政策库中。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="314" />
        <source>Copied {n} characters to the clipboard.</source>
        <translation>已复制 {n} 个字符到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/faq_tab.py" line="339" />
        <source>From history: {when}</source>
        <translation>来自历史记录：{when}</translation>
    </message>
</context>
<context>
    <name>FinetunePanel</name>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="71" />
        <source>your products: Shopify/WooCommerce .csv, .jsonl or .txt</source>
        <translation>您的商品文本：Shopify/WooCommerce .csv、.jsonl 或 .txt</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="73" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="75" />
        <source>Include my starred history items</source>
        <translation>包含我收藏的历史记录</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="76" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="78" />
        <source>Choose your texts, then Preview.</source>
        <translation>选择您的文本，然后点击“预览”。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="82" />
        <source>Examples exactly as the model will see them</source>
        <translation>模型实际看到的训练样例</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="83" />
        <source>1 · Your texts</source>
        <translation>1 · 您的文本</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="97" />
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="98" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="100" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="101" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="109" />
        <source>2 · Train</source>
        <translation>2 · 训练</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="125" />
        <source>%v / %m steps</source>
        <translation>%v / %m 步</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="130" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="131" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="135" />
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="144" />
        <source>held-out</source>
        <translation>留出</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="147" />
        <source>Perplexity on held-out texts appears here after training.</source>
        <translation>训练完成后，这里会显示留出文本上的困惑度。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="150" />
        <source>Write held-out products: base | adapted</source>
        <translation>为留出商品撰写：基础 | 适配后</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="155" />
        <source>Your text</source>
        <translation>您的文本</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="155" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="155" />
        <source>With adapter</source>
        <translation>使用适配器</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="165" />
        <source>&lt;b&gt;3 · Watch&lt;/b&gt;</source>
        <translation>&lt;b&gt;3 · 观察&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="169" />
        <source>&lt;b&gt;4 · Judge&lt;/b&gt;</source>
        <translation>&lt;b&gt;4 · 评估&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="199" />
        <source>Choose a file with your texts or include your favourites.</source>
        <translation>请选择包含您文本的文件，或勾选收藏记录。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="216" />
        <source>Stopped. Resume continues from the last checkpoint.</source>
        <translation>已停止。“继续”会从上一个检查点接着训练。</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="230" />
        <source>Your product texts</source>
        <translation>您的商品文本</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="232" />
        <source>Texts (*.csv *.jsonl *.txt);;All files (*)</source>
        <translation>文本 (*.csv *.jsonl *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="243" />
        <source>Reading your texts…</source>
        <translation>正在读取您的文本…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="255" />
        <source>Measuring a few steps…</source>
        <translation>正在试跑几步以估算…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="279" />
        <source>Loading the model for training…</source>
        <translation>正在加载训练用模型…</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/finetune_tab.py" line="295" />
        <source>Stopping after this step…</source>
        <translation>本步结束后停止…</translation>
    </message>
</context>
<context>
    <name>FinetuneSettings</name>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="39" />
        <source>adapter name (default: from the data file)</source>
        <translation>适配器名称（默认取自数据文件名）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="40" />
        <source>Advanced</source>
        <translation>高级设置</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="55" />
        <source>whole epochs</source>
        <translation>按整轮</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="60" />
        <source>LoRA rank</source>
        <translation>LoRA 秩</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="61" />
        <source>LoRA alpha</source>
        <translation>LoRA alpha</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="62" />
        <source>Dropout</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="63" />
        <source>Target modules</source>
        <translation>目标模块</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="64" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="65" />
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="66" />
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="67" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="68" />
        <source>Max length (tokens)</source>
        <translation>最大长度（token）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="69" />
        <source>Evaluate every (steps)</source>
        <translation>评估间隔（步）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="71" />
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/finetune_settings.py" line="72" />
        <source>Adapter name</source>
        <translation>适配器名称</translation>
    </message>
</context>
<context>
    <name>FirstRunGuide</name>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="48" />
        <source>Welcome to ShopScribe</source>
        <translation>欢迎使用 ShopScribe</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="54" />
        <source>Load a sample product</source>
        <translation>载入示例商品</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="55" />
        <source>Fills the Copy tab's form with a handmade mug</source>
        <translation>用一只手工马克杯填写“文案”页的表单</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="57" />
        <source>Load sample policies</source>
        <translation>载入示例政策</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="59" />
        <source>Imports a few return, shipping and payment policies into the FAQ tab</source>
        <translation>向“客服问答”页导入几条退货、配送和付款政策</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="62" />
        <source>Add sample customers</source>
        <translation>添加示例客户</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="63" />
        <source>Imports two customers with notes</source>
        <translation>导入两位带备注的客户</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="68" />
        <source>Don't show this again</source>
        <translation>不再显示</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="75" />
        <source>&lt;b&gt;Try it with samples&lt;/b&gt;</source>
        <translation>&lt;b&gt;用示例试一试&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="85" />
        <source>The model installed is &lt;b&gt;{model}&lt;/b&gt;; File → Models… adds or changes it.</source>
        <translation>已安装的模型是 &lt;b&gt;{model}&lt;/b&gt;；可在“文件 → 模型…”中添加或更换。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="88" />
        <source>No model is installed yet: File → Models… imports one.</source>
        <translation>尚未安装模型：请在“文件 → 模型…”中导入。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="90" />
        <source>&lt;b&gt;Copy&lt;/b&gt;: type a product's facts, get listing copy checked against them.</source>
        <translation>&lt;b&gt;文案&lt;/b&gt;：输入商品信息，获得经过事实核对的商品文案。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="91" />
        <source>&lt;b&gt;Bulk&lt;/b&gt;: write a whole Shopify or WooCommerce CSV, review, export.</source>
        <translation>&lt;b&gt;批量&lt;/b&gt;：为整份 Shopify 或 WooCommerce CSV 撰写文案，复核后导出。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="92" />
        <source>&lt;b&gt;FAQ replies&lt;/b&gt;: reply drafts to customers from your own policies.</source>
        <translation>&lt;b&gt;客服问答&lt;/b&gt;：根据您自己的政策起草给客户的回复。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="93" />
        <source>&lt;b&gt;Customers&lt;/b&gt;: notes, profiles and recommendations from your catalogue.</source>
        <translation>&lt;b&gt;客户&lt;/b&gt;：客户备注、画像，以及来自您商品目录的推荐。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="94" />
        <source>&lt;b&gt;Finetune&lt;/b&gt;: teach the model your shop's voice from your own texts.</source>
        <translation>&lt;b&gt;微调&lt;/b&gt;：用您自己的文本教模型学会店铺的语气。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="96" />
        <source>Everything ShopScribe writes stays on this computer, in {folder}.</source>
        <translation>ShopScribe 写入的一切都保存在本机的 {folder} 中。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="109" />
        <source>A sample product: press Generate (Ctrl+Enter).</source>
        <translation>示例商品已载入：点击“生成”（Ctrl+Enter）。</translation>
    </message>
</context>
<context>
    <name>ForgetDialog</name>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="67" />
        <source>Forget this customer</source>
        <translation>删除该客户</translation>
    </message>
</context>
<context>
    <name>GuideMenu</name>
    <message>
        <location filename="../../gui/dialogs/first_run.py" line="150" />
        <source>&amp;Getting started…</source>
        <translation>入门指南(&amp;G)…</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="58" />
        <source>&lt;b&gt;History&lt;/b&gt;</source>
        <translation>&lt;b&gt;历史记录&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="60" />
        <source>Search history (English or 中文)…</source>
        <translation>搜索历史记录（中文或英文）…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="63" />
        <source>★ Favourites only</source>
        <translation>★ 只看收藏</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="64" />
        <source>Show favourites only</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="74" />
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/history_panel.py" line="148" />
        <source>Export history</source>
        <translation>导出历史记录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="51" />
        <source>ShopScribe</source>
        <translation>ShopScribe</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="58" />
        <source>Copy</source>
        <translation>文案</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="60" />
        <source>Bulk</source>
        <translation>批量</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="63" />
        <source>FAQ replies</source>
        <translation>客服问答</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="66" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="69" />
        <source>Finetune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="78" />
        <location filename="../../gui/main_window.py" line="117" />
        <source>model: loading…</source>
        <translation>模型：加载中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="84" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="144" />
        <location filename="../../gui/main_window.py" line="99" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="100" />
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="152" />
        <location filename="../../gui/main_window.py" line="104" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="108" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109" />
        <source>&amp;About ShopScribe</source>
        <translation>关于 ShopScribe(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="116" />
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="125" />
        <source>model: none</source>
        <translation>模型：无</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="126" />
        <source>No model loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="135" />
        <location filename="../../gui/main_window.py" line="185" />
        <location filename="../../gui/main_window.py" line="204" />
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="155" />
        <source>Something went wrong ({text}). Details are in {log}</source>
        <translation>出错了（{text}）。详情见 {log}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="166" />
        <source>About ShopScribe</source>
        <translation>关于 ShopScribe</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="196" />
        <source>Decoder: {why}</source>
        <translation>解码器：{why}</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../gui/widgets/message_bar.py" line="27" />
        <source>Dismiss the message</source>
        <translation>关闭此消息</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/message_bar.py" line="29" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="81" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="97" />
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="99" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="115" />
        <source>Run models on:</source>
        <translation>模型运行于：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="121" />
        <source>name (default: from the folder or file)</source>
        <translation>名称（默认取自文件夹或文件名）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="123" />
        <source>Languages the model writes, comma-separated (en, zh)</source>
        <translation>模型能写的语言，用逗号分隔（en, zh）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="125" />
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="127" />
        <source>A Hugging Face model folder with .safetensors weights and a chat template</source>
        <translation>含 .safetensors 权重和对话模板的 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="130" />
        <source>Import .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="132" />
        <source>A GGUF file, converted once into your data folder</source>
        <translation>GGUF 文件，会一次性转换到您的数据文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="135" />
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="139" />
        <source>Import as:</source>
        <translation>导入名称：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="141" />
        <source>Languages:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="177" />
        <source> (or drop it here)</source>
        <translation>（或直接拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="220" />
        <source>No model is installed. Import a folder or a .gguf file.</source>
        <translation>尚未安装模型。请导入一个文件夹或 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="282" />
        <source>Import stopped; nothing was added.</source>
        <translation>导入已停止；没有添加任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="303" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="334" />
        <source>Import a model folder</source>
        <translation>导入模型文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="342" />
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/model_manager.py" line="342" />
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>NotesTimeline</name>
    <message>
        <location filename="../../gui/widgets/customer_notes.py" line="48" />
        <source>A note you type, a message the customer sent, or an order remark</source>
        <translation>您写的备注、客户发来的消息或订单备注</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_notes.py" line="58" />
        <source>Type a note or paste the customer's message…</source>
        <translation>输入备注或粘贴客户的消息…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_notes.py" line="62" />
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="189" />
        <source>Add a product to the catalogue</source>
        <translation>向商品目录添加商品</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="195" />
        <source>One fact per line, e.g.
material: linen
140 cm wide</source>
        <translation>每行一条信息，例如：
材质：亚麻
宽 140 cm</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="199" />
        <source>comma-separated, e.g. linen, curtains</source>
        <translation>用逗号分隔，例如：亚麻, 窗帘</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="201" />
        <source>Title*</source>
        <translation>标题*</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="202" />
        <source>Category</source>
        <translation>类目</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="203" />
        <source>Facts</source>
        <translation>商品信息</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="204" />
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="205" />
        <source>Price</source>
        <translation>价格</translation>
    </message>
</context>
<context>
    <name>ReaddDialog</name>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="103" />
        <source>Customers you asked to forget</source>
        <translation>您要求删除的客户</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="117" />
        <source>Add them again</source>
        <translation>重新添加</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_dialogs.py" line="119" />
        <source>Leave them out</source>
        <translation>不添加</translation>
    </message>
</context>
<context>
    <name>RecommendationsView</name>
    <message>
        <location filename="../../gui/widgets/customer_recommendations.py" line="67" />
        <source>&lt;b&gt;Draft message&lt;/b&gt;</source>
        <translation>&lt;b&gt;消息草稿&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_recommendations.py" line="69" />
        <source>A short message to the customer appears here.</source>
        <translation>给客户的简短消息会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_recommendations.py" line="73" />
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../gui/dialogs/restore_dialog.py" line="40" />
        <location filename="../../gui/dialogs/restore_dialog.py" line="77" />
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/restore_dialog.py" line="44" />
        <source>ShopScribe keeps the last 7 backups of its database (history, bulk runs, brand voices, customers, FAQ). Restoring one replaces everything saved since; the current database is kept beside it, never deleted.</source>
        <translation>ShopScribe 会保留数据库最近 7 份备份（历史记录、批量任务、品牌语气、客户、客服问答）。恢复某份备份会替换其后保存的全部内容；当前数据库会保留在旁边，绝不删除。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/restore_dialog.py" line="59" />
        <source>No backups yet: the first is made within a day of use.</source>
        <translation>还没有备份：使用一天之内会生成第一份。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/restore_dialog.py" line="62" />
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../gui/shortcuts.py" line="34" />
        <source>&amp;Actions</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/shortcuts.py" line="38" />
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/shortcuts.py" line="40" />
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/shortcuts.py" line="42" />
        <source>&amp;Copy the chosen or best result</source>
        <translation>复制选用或最佳结果(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/shortcuts.py" line="44" />
        <source>Search &amp;history</source>
        <translation>搜索历史记录(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/shortcuts.py" line="46" />
        <source>&amp;Tabs</source>
        <translation>标签页(&amp;T)</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <location filename="../../gui/widgets/customer_summary.py" line="36" />
        <source>Press Summarise: a short profile written from the notes.</source>
        <translation>点击“生成摘要”：根据备注写出简短的客户画像。</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/customer_summary.py" line="96" />
        <source>Mood: no note sounds happy or unhappy.</source>
        <translation>情绪：没有备注显得满意或不满。</translation>
    </message>
</context>
<context>
    <name>VariantCard</name>
    <message>
        <location filename="../../gui/widgets/counters.py" line="45" />
        <source>{chars}{cap} chars · {words} words</source>
        <translation>{chars}{cap} 字符 · {words} 词</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="77" />
        <location filename="../../gui/widgets/variant_card.py" line="184" />
        <source>&lt;b&gt;Variant {n}&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 {n} 版&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="86" />
        <source>The text appears here as it is written…</source>
        <translation>文案会在撰写时显示在这里…</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="103" />
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="105" />
        <source>Copies HTML and plain text (Ctrl+Shift+C copies the chosen or best variant)</source>
        <translation>同时复制 HTML 和纯文本（Ctrl+Shift+C 复制选用或最佳版本）</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="107" />
        <source>Copy this variant to the clipboard</source>
        <translation>将此版本复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="109" />
        <location filename="../../gui/widgets/variant_card.py" line="388" />
        <source>☆ Favourite</source>
        <translation>☆ 收藏</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="110" />
        <source>Favourite this variant</source>
        <translation>收藏此版本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="114" />
        <location filename="../../gui/widgets/variant_card.py" line="301" />
        <source>Use this</source>
        <translation>选用</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="116" />
        <source>Use this variant</source>
        <translation>选用此版本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="118" />
        <source>Mark this variant as the one you picked</source>
        <translation>将此版本标记为您选定的版本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="120" />
        <source>↻ Regenerate</source>
        <translation>↻ 重新生成</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="121" />
        <source>Regenerate this variant</source>
        <translation>重新生成此版本</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="122" />
        <source>Write this variant again; the others stay</source>
        <translation>重新撰写此版本；其他版本保持不变</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="180" />
        <source>best match</source>
        <translation>最佳匹配</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="202" />
        <source>Uses {used} of {total} facts</source>
        <translation>使用了 {total} 条信息中的 {used} 条</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="206" />
        <source> · missing: </source>
        <translation> · 遗漏：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="229" />
        <source>Not in your facts</source>
        <translation>不在您的商品信息中</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="233" />
        <source>General wording, no fact stated</source>
        <translation>一般性措辞，未陈述事实</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="234" />
        <source>Rests on: </source>
        <translation>依据：</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="264" />
        <source>Remove sentence</source>
        <translation>删除该句</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="265" />
        <source>Rewrite</source>
        <translation>重写</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="301" />
        <source>✓ Chosen</source>
        <translation>✓ 已选用</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="336" />
        <source>; and {n} more</source>
        <translation>；另有 {n} 处</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="338" />
        <source>⚠ Check before publishing: {items}</source>
        <translation>⚠ 发布前请核对：{items}</translation>
    </message>
    <message>
        <location filename="../../gui/widgets/variant_card.py" line="388" />
        <source>★ Favourite</source>
        <translation>★ 已收藏</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <location filename="../../gui/view_menu.py" line="20" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/view_menu.py" line="26" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/view_menu.py" line="39" />
        <source>Applies when ShopScribe starts again</source>
        <translation>重新启动 ShopScribe 后生效</translation>
    </message>
    <message>
        <location filename="../../gui/view_menu.py" line="53" />
        <source>The language changes when you restart ShopScribe.</source>
        <translation>界面语言将在重新启动 ShopScribe 后更改。</translation>
    </message>
</context>
<context>
    <name>WindowDrops</name>
    <message>
        <location filename="../../gui/window_drops.py" line="38" />
        <source>{name} opened in the Bulk tab: a CSV of products is written there.</source>
        <translation>已在“批量”页打开 {name}：商品 CSV 在那里批量撰写。</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <location filename="../../gui/backups.py" line="69" />
        <source>ShopScribe: the database is damaged</source>
        <translation>ShopScribe：数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="82" />
        <location filename="../../gui/backups.py" line="101" />
        <source>ShopScribe will start with an empty database.</source>
        <translation>ShopScribe 将使用空数据库启动。</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="85" />
        <source>Start with an empty database</source>
        <translation>使用空数据库启动</translation>
    </message>
    <message>
        <location filename="../../gui/backups.py" line="97" />
        <source>ShopScribe</source>
        <translation>ShopScribe</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../gui/crash.py" line="76" />
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../gui/crash.py" line="78" />
        <source>Something went wrong ({kind}). Your work is saved; you can carry on.</source>
        <translation>出错了（{kind}）。您的工作已保存，可以继续使用。</translation>
    </message>
    <message>
        <location filename="../../gui/crash.py" line="83" />
        <source>Details are in {path}</source>
        <translation>详情见 {path}</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <location filename="../../gui/labels.py" line="12" />
        <source>Product description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="13" />
        <source>Product title</source>
        <translation>商品标题</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="14" />
        <source>Bullet points</source>
        <translation>卖点要点</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="15" />
        <source>SEO title + meta description</source>
        <translation>SEO 标题 + 元描述</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="16" />
        <source>Ad</source>
        <translation>广告</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="17" />
        <source>Social post</source>
        <translation>社交媒体帖子</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="18" />
        <source>Email blurb</source>
        <translation>邮件短文</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="19" />
        <source>SEO title</source>
        <translation>SEO 标题</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="20" />
        <source>Meta description</source>
        <translation>元描述</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="21" />
        <source>Headline</source>
        <translation>广告标题</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="22" />
        <source>Ad text</source>
        <translation>广告正文</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="23" />
        <source>Short</source>
        <translation>短</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="24" />
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="25" />
        <source>Long</source>
        <translation>长</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="26" />
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="27" />
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="28" />
        <source>Tracking link</source>
        <translation>物流跟踪链接</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="29" />
        <source>Refund amount</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="30" />
        <source>quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="31" />
        <source>thorough</source>
        <translation>充分</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="32" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="33" />
        <source>中文 (Chinese)</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="34" />
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="35" />
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../gui/labels.py" line="36" />
        <source>order remark</source>
        <translation>订单备注</translation>
    </message>
</context>
</TS>